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

  /**
   * Handle the call fully (state changed as for a normal answer), write the response headers and
   * half of the body, then close the connection: the client sees a broken answer mid-body (the JDK
   * server cannot send a TCP RST; to an HTTP client both are an I/O error while reading).
   */
  record ResetMidResponse() implements Fault {}

  /**
   * Read the request, do not act on it, and restart the server (every open connection dies, the
   * port is listened on again at once): a restart that forgets a request it received but had not
   * committed.
   */
  record RestartBeforeAnswer() implements Fault {}

  /**
   * UpdateLog only: store the rows as Forgejo does, but answer {@code ack_index} plus {@code shift}
   * (a negative shift: an ack lower than the truth; positive: an ack for rows never sent), never
   * below 0.
   */
  record AckShift(long shift) implements Fault {}

  /**
   * UpdateLog only: store the rows as Forgejo does, but answer the {@code ack_index} of the task's
   * previous UpdateLog again (a repeated, stale ack), or 0 when there was none.
   */
  record RepeatAck() implements Fault {}
}
