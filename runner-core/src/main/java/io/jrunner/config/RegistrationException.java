// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

/**
 * The {@code .runner} registration file is missing, unreadable, malformed or in use by another
 * process, or an offline-registration secret is invalid. The message is one user-readable line
 * naming the file and what to do.
 */
public final class RegistrationException extends Exception {
  private static final long serialVersionUID = 1L;

  public RegistrationException(String message) {
    super(message);
  }

  public RegistrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
