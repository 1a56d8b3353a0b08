// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {
  @ParameterizedTest
  @CsvSource({
    "node,                                   docker.io,        library/node,         ''",
    "node:20,                                docker.io,        library/node,         20",
    "library/node:20,                        docker.io,        library/node,         20",
    "bitnami/redis:7,                        docker.io,        bitnami/redis,        7",
    "docker.io/bitnami/redis,                docker.io,        bitnami/redis,        ''",
    "index.docker.io/library/alpine:3,       docker.io,        library/alpine,       3",
    "localhost:5000/private/busybox:abc,     localhost:5000,   private/busybox,      abc",
    "localhost/x,                            localhost,        x,                    ''",
    "ghcr.io/owner/image,                    ghcr.io,          owner/image,          ''",
    "Registry.Example:443/a/b/c:v1.2,        registry.example:443, a/b/c,            v1.2",
    "runner-test/busybox:latest,             docker.io,        runner-test/busybox,  latest",
  })
  void splitsLikeDocker(String reference, String registry, String repository, String tag) {
    ImageRef ref = ImageRef.parse(reference);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
  }

  @Test
  void digest_isSplitOffBeforeTheTag() {
    ImageRef ref = ImageRef.parse("localhost:5000/a/b:1@sha256:0123abcd");

    assertThat(ref).isEqualTo(new ImageRef("localhost:5000", "a/b", "1", "sha256:0123abcd"));
  }

  @Test
  void serverAddress_isDockerHubsLegacyUrlOrTheHost() {
    assertThat(ImageRef.parse("node").serverAddress()).isEqualTo("https://index.docker.io/v1/");
    assertThat(ImageRef.parse("localhost:5000/x").serverAddress()).isEqualTo("localhost:5000");
  }

  @Test
  void normalizeHost_dropsSchemeAndPathAndMapsHubAliases() {
    assertThat(ImageRef.normalizeHost("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(ImageRef.normalizeHost("http://localhost:5000")).isEqualTo("localhost:5000");
    assertThat(ImageRef.normalizeHost("registry-1.docker.io")).isEqualTo("docker.io");
    assertThat(ImageRef.normalizeHost("GHCR.io/v2/")).isEqualTo("ghcr.io");
  }

  @Test
  void emptyReferences_areRejected() {
    assertThatThrownBy(() -> ImageRef.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageRef.parse("localhost:5000/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
