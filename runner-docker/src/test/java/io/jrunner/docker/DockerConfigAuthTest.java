// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigAuthTest {
  @TempDir Path dir;

  private DockerConfigAuth config(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return DockerConfigAuth.read(file);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void defaultFile_isDockerConfigOrHome() {
    Path home = Path.of("/home/u");

    assertThat(DockerConfigAuth.defaultFile(Map.of("DOCKER_CONFIG", "/etc/d"), home))
        .isEqualTo(Path.of("/etc/d/config.json"));
    assertThat(DockerConfigAuth.defaultFile(Map.of(), home))
        .isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void base64Auth_isSplitAtTheFirstColon() throws IOException {
    DockerConfigAuth c =
        config("{\"auths\":{\"localhost:5000\":{\"auth\":\"" + b64("robot:pa:ss") + "\"}}}");

    assertThat(c.lookup(ImageRef.parse("localhost:5000/x/y:1")))
        .isEqualTo(new DockerConfigAuth.Login("localhost:5000", "robot", "pa:ss", ""));
  }

  @Test
  void usernameAndPasswordFields_andUrlKeys_match() throws IOException {
    DockerConfigAuth c =
        config(
            """
            {"auths": {
              "https://registry.example:8443/v2/": {"username": "u", "password": "p"},
              "https://index.docker.io/v1/": {"auth": "%s"}
            }}
            """
                .formatted(b64("hub:secret")));

    assertThat(c.lookup(ImageRef.parse("registry.example:8443/team/app")))
        .isEqualTo(new DockerConfigAuth.Login("https://registry.example:8443/v2/", "u", "p", ""));
    assertThat(c.lookup(ImageRef.parse("node:20")))
        .isEqualTo(new DockerConfigAuth.Login("https://index.docker.io/v1/", "hub", "secret", ""));
    assertThat(c.lookup(ImageRef.parse("other.example/x")))
        .isInstanceOf(DockerConfigAuth.None.class);
  }

  @Test
  void identityToken_isKept() throws IOException {
    DockerConfigAuth c =
        config(
            "{\"auths\":{\"ghcr.io\":{\"auth\":\""
                + b64("<token>:")
                + "\",\"identitytoken\":\"t\"}}}");

    assertThat(c.lookup(ImageRef.parse("ghcr.io/o/i")))
        .isEqualTo(new DockerConfigAuth.Login("ghcr.io", "<token>", "", "t"));
  }

  @Test
  void credentialHelpers_areReportedNotRun() throws IOException {
    DockerConfigAuth c =
        config(
            """
            {"auths": {"localhost:5000": {}, "plain.example": {"auth": "%s"}},
             "credsStore": "desktop",
             "credHelpers": {"gcr.io": "gcloud"}}
            """
                .formatted(b64("a:b")));

    assertThat(c.lookup(ImageRef.parse("gcr.io/p/i")))
        .isEqualTo(new DockerConfigAuth.Helper("gcloud"));
    assertThat(c.lookup(ImageRef.parse("localhost:5000/x")))
        .isEqualTo(new DockerConfigAuth.Helper("desktop"));
    assertThat(c.lookup(ImageRef.parse("plain.example/x")))
        .isEqualTo(new DockerConfigAuth.Login("plain.example", "a", "b", ""));
  }

  @Test
  void missingOrEmptyFile_hasNoLogins() throws IOException {
    assertThat(DockerConfigAuth.read(dir.resolve("absent.json")).lookup(ImageRef.parse("x")))
        .isInstanceOf(DockerConfigAuth.None.class);
    assertThat(config("").lookup(ImageRef.parse("x"))).isInstanceOf(DockerConfigAuth.None.class);
  }

  @Test
  void brokenFiles_failWithoutQuotingSecrets() throws IOException {
    assertThatThrownBy(() -> config("{\"auths\": {\"x\": {\"auth\": \"s3cret"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageNotContaining("s3cret");
    DockerConfigAuth badAuth = config("{\"auths\":{\"localhost:5000\":{\"auth\":\"%%s3cret\"}}}");
    assertThatThrownBy(() -> badAuth.lookup(ImageRef.parse("localhost:5000/x")))
        .isInstanceOf(IOException.class)
        .hasMessage("the auth of localhost:5000 is not base64")
        .hasMessageNotContaining("s3cret");
    DockerConfigAuth noColon =
        config("{\"auths\":{\"h.example\":{\"auth\":\"" + b64("nocolon") + "\"}}}");
    assertThatThrownBy(() -> noColon.lookup(ImageRef.parse("h.example/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not base64 of user:password");
  }

  @Test
  void login_toStringHidesSecrets() {
    assertThat(new DockerConfigAuth.Login("k", "u", "s3cret", "t0ken").toString())
        .doesNotContain("s3cret", "t0ken");
  }
}
