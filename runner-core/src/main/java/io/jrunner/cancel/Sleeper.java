// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cancel;

import java.time.Duration;

/**
 * Waits for a while unless a lifetime ends first. Injected wherever code sleeps, so tests control
 * time instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: waits on the cancellation's condition. */
  Sleeper SYSTEM = (duration, lifetime) -> lifetime.await(duration);

  /**
   * @return true when {@code lifetime} was cancelled (before or during the wait)
   */
  boolean sleep(Duration duration, Cancellation lifetime) throws InterruptedException;
}
