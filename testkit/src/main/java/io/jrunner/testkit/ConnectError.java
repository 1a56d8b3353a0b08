// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

/** A Connect error the server answers with: code (wire name) and message. */
final class ConnectError extends Exception {
  private static final long serialVersionUID = 1L;

  final String code;

  ConnectError(String code, String message) {
    super(message);
    this.code = code;
  }

  /** HTTP status for a Connect code (protocol.md §3.4). */
  static int httpStatus(String code) {
    return switch (code) {
      case "canceled" -> 499;
      case "invalid_argument", "failed_precondition", "out_of_range" -> 400;
      case "deadline_exceeded" -> 504;
      case "not_found" -> 404;
      case "already_exists", "aborted" -> 409;
      case "permission_denied" -> 403;
      case "resource_exhausted" -> 429;
      case "unimplemented" -> 501;
      case "unavailable" -> 503;
      case "unauthenticated" -> 401;
      default -> 500;
    };
  }
}
