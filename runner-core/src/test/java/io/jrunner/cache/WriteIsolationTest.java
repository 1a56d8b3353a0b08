// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** forgejo-runner's getWriteIsolationKey cases. */
class WriteIsolationTest {
  @Test
  void onlyOpenPullRequestsAreIsolated() {
    assertThat(WriteIsolation.key("push", "refs/heads/main", "", Optional.empty())).isEmpty();
    assertThat(WriteIsolation.key("pull_request_target", "refs/heads/main", "", Optional.empty()))
        .isEmpty();
    assertThat(WriteIsolation.key("pull_request", "refs/pull/3/head", "opened", Optional.empty()))
        .isEqualTo("refs/pull/3/head");
    assertThat(WriteIsolation.key("pull_request", "refs/pull/3/head", "closed", Optional.of(true)))
        .isEmpty();
    assertThat(WriteIsolation.key("pull_request", "refs/pull/3/head", "closed", Optional.of(false)))
        .isEqualTo("refs/pull/3/head");
    assertThatThrownBy(
            () -> WriteIsolation.key("pull_request", "refs/heads/x", "opened", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refs/pull/");
  }
}
