// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a failed {@code Register} means the server refused the registration token. Forgejo
 * answers {@code invalid_argument} or {@code not_found}; Gitea 1.2x answers {@code unknown} with
 * "runner registration token not found". So: the server itself answered with a Connect error (not a
 * transport failure, not a proxy's page), and either the code is one of refusal or the message
 * speaks of the token, whatever the code.
 */
final class TokenRefusal {
  private static final Set<ConnectCode> REFUSALS =
      Set.of(
          ConnectCode.INVALID_ARGUMENT,
          ConnectCode.NOT_FOUND,
          ConnectCode.PERMISSION_DENIED,
          ConnectCode.UNAUTHENTICATED);

  private TokenRefusal() {}

  static boolean isRefusal(ConnectException e) {
    if (REFUSALS.contains(e.code())) {
      return true;
    }
    return e.httpStatus() != 0
        && e.code() != ConnectCode.UNIMPLEMENTED
        && e.serverMessage().toLowerCase(Locale.ROOT).contains("token");
  }
}
