// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.util.Locale;

/**
 * The Connect protocol's error codes, their HTTP statuses, and whether a call that failed with one
 * is worth retrying. This is the one retryability table of the client (protocol.md §3.4).
 */
public enum ConnectCode {
  CANCELED(499, true),
  UNKNOWN(500, true),
  INVALID_ARGUMENT(400, false),
  DEADLINE_EXCEEDED(504, true),
  NOT_FOUND(404, false),
  ALREADY_EXISTS(409, false),
  PERMISSION_DENIED(403, false),
  RESOURCE_EXHAUSTED(429, true),
  FAILED_PRECONDITION(400, false),
  ABORTED(409, true),
  OUT_OF_RANGE(400, false),
  UNIMPLEMENTED(501, false),
  // Forgejo answers `internal` for database errors and for "request key is currently locked; retry
  // soon": both pass.
  INTERNAL(500, true),
  UNAVAILABLE(503, true),
  DATA_LOSS(500, false),
  UNAUTHENTICATED(401, false);

  private final int httpStatus;
  private final boolean retryable;

  ConnectCode(int httpStatus, boolean retryable) {
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  /** The HTTP status a Connect server answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether a call failing with this code may succeed when sent again unchanged. */
  public boolean isRetryable() {
    return retryable;
  }

  /** The wire name, e.g. {@code invalid_argument}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; unknown or null names give {@link #UNKNOWN}. */
  public static ConnectCode fromWireName(String name) {
    if (name == null || name.isBlank()) {
      return UNKNOWN;
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /**
   * The code a Connect client derives from an HTTP status when the body is not a Connect error (for
   * example an HTML page from a reverse proxy), as connect-go does.
   */
  public static ConnectCode fromHttpStatus(int status) {
    return switch (status) {
      case 400 -> INTERNAL;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> UNIMPLEMENTED;
      case 429, 502, 503, 504 -> UNAVAILABLE;
      default -> UNKNOWN;
    };
  }
}
