// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.label.Platform.HostPlatform;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void parseAll_keepsOrderNamesAndNormalizedForms() throws LabelException {
    Labels labels = Labels.parseAll(List.of("ubuntu-latest", "self:host", "n:docker://node:20"));

    assertThat(labels.names()).containsExactly("ubuntu-latest", "self", "n");
    assertThat(labels.normalized())
        .containsExactly(
            "ubuntu-latest:docker://node:22-bookworm", "self:host", "n:docker://node:20");
    assertThat(labels.requiresDocker()).isTrue();
    assertThat(labels.isEmpty()).isFalse();
  }

  @Test
  void parseAll_usesTheDefaultImage() throws LabelException {
    assertThat(Labels.parseAll(List.of("a"), "alpine:3").normalized())
        .containsExactly("a:docker://alpine:3");
  }

  @Test
  void parseAll_reportsEveryBadLabelAtOnce() {
    assertThatThrownBy(() -> Labels.parseAll(List.of("ok", "a:nope", "b:host:x", " c")))
        .isInstanceOfSatisfying(
            LabelException.class,
            e -> {
              assertThat(e.problems()).hasSize(3);
              assertThat(e.problems().get(0)).contains("\"a:nope\"", "unknown schema");
              assertThat(e.problems().get(1)).contains("\"b:host:x\"");
              assertThat(e.problems().get(2)).contains("\" c\"");
              assertThat(e.getMessage())
                  .contains("a:nope", "b:host:x", " c", "valid forms")
                  .doesNotContain("\n");
            });
  }

  @Test
  void parseAll_rejectsDuplicateNames() {
    assertThatThrownBy(() -> Labels.parseAll(List.of("a:host", "b", "a:docker://x")))
        .isInstanceOfSatisfying(
            LabelException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "duplicate label name \"a\" (\"a:host\" and \"a:docker://x\")"));
    assertThatThrownBy(
            () -> new Labels(List.of(new Label("a", new HostPlatform()), Label.parse("a"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pick_takesTheFirstRunsOnValueThatIsALabel() throws LabelException {
    Labels labels = Labels.parseAll(List.of("self:host", "ubuntu-latest", "docker"));

    assertThat(labels.pick(List.of("windows", "ubuntu-latest", "self")))
        .map(Label::name)
        .hasValue("ubuntu-latest");
    assertThat(labels.pick(List.of("self", "ubuntu-latest")))
        .map(Label::platform)
        .hasValue(new HostPlatform());
    assertThat(labels.pick(List.of("windows"))).isEmpty();
    assertThat(labels.pick(List.of())).isEmpty();
  }

  @Test
  void requiresDocker_isFalseForHostOnly() throws LabelException {
    assertThat(Labels.parseAll(List.of("a:host", "b:lxc")).requiresDocker()).isFalse();
    assertThat(Labels.parseAll(List.of()).isEmpty()).isTrue();
  }

  @Test
  void labels_isImmutable() throws LabelException {
    Labels labels = Labels.parseAll(List.of("a"));
    assertThatThrownBy(() -> labels.labels().add(Label.parse("b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
