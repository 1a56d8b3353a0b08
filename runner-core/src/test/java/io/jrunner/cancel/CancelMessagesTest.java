// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancelMessagesTest {
  @Test
  void timeout_writesTheLimitAsGitHubDoes() {
    assertThat(CancelMessages.timeout(Duration.ofHours(6)))
        .isEqualTo("The job has exceeded the maximum execution time of 6h0m0s");
    assertThat(CancelMessages.goDuration(Duration.ofMinutes(45))).isEqualTo("45m0s");
    assertThat(CancelMessages.goDuration(Duration.ofSeconds(3))).isEqualTo("3s");
    assertThat(CancelMessages.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(CancelMessages.goDuration(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
  }

  @Test
  void eachReasonHasItsOwnLine_exceptTheTimeoutWhichNamesItsLimit() {
    assertThat(CancelMessages.of(CancelReason.SERVER_CANCELLED))
        .hasValue("The run was cancelled on the server. The operation was canceled.");
    assertThat(CancelMessages.of(CancelReason.RUNNER_SHUTDOWN).orElseThrow())
        .startsWith("The runner has received a shutdown signal.");
    assertThat(CancelMessages.of(CancelReason.TIMEOUT)).isEmpty();
  }
}
