// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

/**
 * A request of {@link EngineApi} that failed: the engine answered with an error status (then {@link
 * #status()} is it and the message is the engine's own {@code message}), or it could not be asked
 * at all (then {@link #status()} is 0 and the message names the host and the reason).
 */
public final class EngineApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  EngineApiException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the engine's answer, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Whether the engine answered 404: the object does not exist (any more). */
  public boolean notFound() {
    return status == 404;
  }
}
