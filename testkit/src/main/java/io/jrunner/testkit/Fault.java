// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import java.time.Duration;

/** A failure the fake server injects into its next answers to one method. */
public sealed interface Fault {
  /** Answer with a Connect error instead of handling the call. */
  record ConnectError(String code, String message) implements Fault {}

  /** Answer with a raw HTTP status and body (e.g. a proxy's 502 HTML page). */
  record HttpStatus(int status, String contentType, String body) implements Fault {}

  /** Wait before handling the call normally. */
  record Delay(Duration delay) implements Fault {}

  /**
   * Handle the call fully (a task is assigned, rows stored) but never answer: the connection is
   * closed without a response, so the client sees an I/O error. This is the lost answer that the
   * request key exists for.
   */
  record DropResponse() implements Fault {}
}
