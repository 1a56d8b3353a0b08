// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AuthConfig;
import io.jrunner.exec.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAuthTest {
  @TempDir Path dir;

  private static final ImageRef LOCAL = ImageRef.parse("localhost:5000/private/app:1");

  private RegistryAuth withConfig(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return RegistryAuth.withConfigFile(file);
  }

  @Test
  void givenCredentials_winOverTheDockerConfig() throws IOException {
    RegistryAuth auth =
        withConfig("{\"auths\":{\"localhost:5000\":{\"username\":\"cfg\",\"password\":\"p\"}}}");

    RegistryAuth.PullAuth pull =
        auth.resolve(LOCAL, Optional.of(new RegistryCredentials("robot", "s3cret")), "services.db");

    AuthConfig config = pull.config().orElseThrow();
    assertThat(config.getUsername()).isEqualTo("robot");
    assertThat(config.getPassword()).isEqualTo("s3cret");
    assertThat(config.getRegistryAddress()).isEqualTo("localhost:5000");
    assertThat(pull.source()).isEqualTo("services.db.credentials");
    assertThat(pull.hint()).isEqualTo("check services.db.credentials");
    assertThat(pull.scrub("bad s3cret here")).isEqualTo("bad *** here");
    assertThat(pull.toString()).doesNotContain("s3cret");
  }

  @Test
  void withoutCredentials_theDockerLoginForTheRegistryIsUsed() throws IOException {
    String b64 = Base64.getEncoder().encodeToString("cfg:pw".getBytes(StandardCharsets.UTF_8));
    RegistryAuth auth = withConfig("{\"auths\":{\"localhost:5000\":{\"auth\":\"" + b64 + "\"}}}");

    RegistryAuth.PullAuth pull = auth.resolve(LOCAL, Optional.empty(), "container");

    assertThat(pull.config().orElseThrow().getUsername()).isEqualTo("cfg");
    assertThat(pull.config().orElseThrow().getPassword()).isEqualTo("pw");
    assertThat(pull.source()).startsWith("the Docker login for localhost:5000 in ");
    assertThat(pull.hint()).contains("or set container.credentials");
    // Another registry gets nothing from that login.
    assertThat(auth.resolve(ImageRef.parse("node"), Optional.empty(), "container").config())
        .isEmpty();
  }

  @Test
  void credentialHelpersAndBrokenConfigs_pullAnonymouslyWithANote() throws IOException {
    RegistryAuth helper = withConfig("{\"credsStore\":\"desktop\"}");

    RegistryAuth.PullAuth pull = helper.resolve(LOCAL, Optional.empty(), "container");

    assertThat(pull.config()).isEmpty();
    assertThat(pull.notes())
        .singleElement()
        .asString()
        .contains("docker-credential-desktop", "does not run", "container.credentials");

    RegistryAuth broken = withConfig("{not json");
    assertThat(broken.resolve(LOCAL, Optional.empty(), "container").notes())
        .singleElement()
        .asString()
        .contains("is not valid JSON", "pulling without credentials");
  }

  @Test
  void nothing_isAnonymousWithAHintAboutCredentials() {
    RegistryAuth.PullAuth pull =
        RegistryAuth.withConfigFile(dir.resolve("none.json"))
            .resolve(LOCAL, Optional.empty(), "container");

    assertThat(pull.config()).isEmpty();
    assertThat(pull.source()).isEmpty();
    assertThat(pull.hint()).contains("set container.credentials", "log in to localhost:5000");
  }

  @Test
  void imagesWithoutACredentialsField_getOnlyTheLoginHint() throws IOException {
    RegistryAuth.PullAuth pull =
        withConfig("{\"credsStore\":\"pass\"}").resolve(LOCAL, Optional.empty(), "");

    assertThat(pull.hint()).isEqualTo("log in to localhost:5000 as the runner's user");
    assertThat(pull.notes()).singleElement().asString().doesNotContain(".credentials");
  }

  @Test
  void refused_recognizesTheRegistrysAnswers() {
    assertThat(Images.refused("unauthorized: authentication required")).isTrue();
    assertThat(Images.refused("Head \"http://x/v2/\": no basic auth credentials")).isTrue();
    assertThat(Images.refused("manifest for x:1 not found: manifest unknown")).isFalse();
    assertThat(
            Images.reason(new RuntimeException("Status 500: {\"message\":\"unauthorized: no\"}\n")))
        .isEqualTo("unauthorized: no");
  }
}
