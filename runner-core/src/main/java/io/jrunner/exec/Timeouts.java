// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import java.time.Duration;
import java.util.Optional;

/** {@code timeout-minutes}: a timer that cancels a lifetime with {@link CancelReason#TIMEOUT}. */
final class Timeouts {
  private Timeouts() {}

  /**
   * Evaluates a {@code timeout-minutes} value (a number or an expression).
   *
   * @throws ExpressionException when it is not a positive number
   */
  static Optional<Duration> minutes(Optional<String> value, Evaluator ev)
      throws ExpressionException {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = Template.parse(value.get()).render(ev).strip();
    try {
      double minutes = Double.parseDouble(text);
      if (!(minutes > 0)) {
        throw new NumberFormatException();
      }
      return Optional.of(Duration.ofMillis((long) (minutes * 60_000)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "timeout-minutes must be a positive number, got '" + text + "'");
    }
  }

  /**
   * Cancels {@code lifetime} with TIMEOUT after {@code after}, unless it ends first.
   *
   * @return stops the timer
   */
  static Runnable start(Cancellation lifetime, Optional<Duration> after) {
    if (after.isEmpty()) {
      return () -> {};
    }
    Thread timer =
        Thread.ofVirtual()
            .name("timeout")
            .start(
                () -> {
                  try {
                    if (!lifetime.await(after.get())) {
                      lifetime.cancel(CancelReason.TIMEOUT);
                    }
                  } catch (InterruptedException e) {
                    // Stopped: the step or job ended in time.
                  }
                });
    return timer::interrupt;
  }
}
