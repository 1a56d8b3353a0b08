// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.io.IOException;
import java.util.Locale;

/**
 * A failed RPC: either the server answered with a Connect error, or the call never got an answer
 * (connection refused, timeout, TLS failure), which is reported as {@link ConnectCode#UNAVAILABLE}
 * or {@link ConnectCode#DEADLINE_EXCEEDED} with the transport exception as the cause.
 *
 * <p>Messages never contain credentials.
 */
public final class ConnectException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String procedure;
  private final ConnectCode code;
  private final int httpStatus;
  private final String serverMessage;

  /**
   * @param procedure the RPC, e.g. {@code runner.v1.RunnerService/FetchTask}
   * @param code the Connect code
   * @param httpStatus the HTTP status, or 0 when there was no response
   * @param serverMessage the server's message, or a description of the transport failure
   * @param cause the transport exception, or null
   */
  public ConnectException(
      String procedure, ConnectCode code, int httpStatus, String serverMessage, Throwable cause) {
    super(
        procedure + ": " + code.wireName() + (serverMessage.isEmpty() ? "" : ": " + serverMessage),
        cause);
    this.procedure = procedure;
    this.code = code;
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
  }

  public String procedure() {
    return procedure;
  }

  public ConnectCode code() {
    return code;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public String serverMessage() {
    return serverMessage;
  }

  /** Whether sending the same request again may succeed (one table: {@link ConnectCode}). */
  public boolean isRetryable() {
    return !credentialsRejected() && code.isRetryable();
  }

  /**
   * Whether the server rejected the runner's credentials. Current Forgejo answers {@code
   * unauthenticated}; Forgejo up to about v10 and old Gitea answer {@code unknown} with the text
   * "unregistered runner" (protocol.md §3.4), so both count.
   */
  public boolean credentialsRejected() {
    return code == ConnectCode.UNAUTHENTICATED
        || serverMessage.toLowerCase(Locale.ROOT).contains("unregistered runner");
  }
}
