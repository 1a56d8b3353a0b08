// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.label.Platform.DockerPlatform;
import io.jrunner.label.Platform.HostPlatform;
import io.jrunner.label.Platform.LxcPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ubuntu-latest                                | ubuntu-latest:docker://node:22-bookworm",
        "docker:docker://node:22-bookworm             | docker:docker://node:22-bookworm",
        "u:docker://data.forgejo.org/oci/node:20      | u:docker://data.forgejo.org/oci/node:20",
        "u:docker://reg:5000/img@sha256:abc           | u:docker://reg:5000/img@sha256:abc",
        "u:docker                                     | u:docker://node:22-bookworm",
        "u:docker:                                    | u:docker://node:22-bookworm",
        "self-hosted:host                             | self-hosted:host",
        "c:lxc://debian:bookworm                      | c:lxc://debian:bookworm",
        "c:lxc                                        | c:lxc://debian:bookworm",
        "c:lxc://alpine:3.20                          | c:lxc://alpine:3.20",
        "Linux_ARM64.v2                               | Linux_ARM64.v2:docker://node:22-bookworm",
      })
  void parse_normalizes(String text, String normalized) throws LabelException {
    Label label = Label.parse(text);

    assertThat(label.normalized()).isEqualTo(normalized);
    assertThat(label.toString()).isEqualTo(normalized);
    assertThat(Label.parse(normalized)).isEqualTo(label);
  }

  @Test
  void parse_mapsEachSchemaToItsPlatform() throws LabelException {
    assertThat(Label.parse("a:docker://alpine:3").platform())
        .isEqualTo(new DockerPlatform("alpine:3"));
    assertThat(Label.parse("a:host").platform()).isEqualTo(new HostPlatform());
    assertThat(Label.parse("a:lxc://x").platform()).isEqualTo(new LxcPlatform("x"));
    assertThat(Label.parse("a:lxc").platform()).isEqualTo(new LxcPlatform("debian:bookworm"));
    assertThat(Label.parse("a:host").name()).isEqualTo("a");
  }

  @Test
  void parse_usesTheGivenDefaultImageForBareNames() throws LabelException {
    assertThat(Label.parse("ubuntu-latest", "catthehacker/ubuntu:act-22.04").platform())
        .isEqualTo(new DockerPlatform("catthehacker/ubuntu:act-22.04"));
    assertThat(Label.parse("u:docker", "alpine").normalized()).isEqualTo("u:docker://alpine");
    assertThat(Label.parse("u:docker://node:20", "alpine").normalized())
        .isEqualTo("u:docker://node:20");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                     | the label is empty",
        "' ubuntu'              | starts or ends with whitespace",
        "'ubuntu '              | starts or ends with whitespace",
        "'ubu ntu'              | contains whitespace",
        "'a,b'                  | contains a comma",
        "':host'                | the name before the colon is empty",
        "'u:'                   | the schema after the colon is empty",
        "'u:podman://x'         | unknown schema \"podman\"",
        "'u:Docker://x'         | unknown schema \"Docker\"",
        "'u:host:x'             | the host schema takes no argument",
        "'u:host:'              | the host schema takes no argument",
        "'u:docker://'          | the image after // is empty",
        "'u:docker:node:20'     | must be written after //",
        "'u:lxc://'             | the template after // is empty",
        "'u:lxc:debian'         | must be written after //",
        "'u:docker://node 20'   | contains whitespace",
      })
  void parse_rejectsInvalidLabels(String text, String reason) {
    assertThatThrownBy(() -> Label.parse(text))
        .isInstanceOf(LabelException.class)
        .hasMessageStartingWith("invalid label \"" + text + "\": ")
        .hasMessageContaining(reason)
        .hasMessageContaining("valid forms are NAME, NAME:docker://IMAGE, NAME:host")
        .satisfies(e -> assertThat(((LabelException) e).problems()).hasSize(1));
  }

  @Test
  void parse_rejectsControlCharacters() {
    assertThatThrownBy(() -> Label.parse("a\u0000b")).hasMessageContaining("control character");
  }

  @Test
  void constructor_rejectsNamesThatCannotRoundTrip() {
    assertThatThrownBy(() -> new Label("a:b", new HostPlatform()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Label("", new HostPlatform()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DockerPlatform(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
