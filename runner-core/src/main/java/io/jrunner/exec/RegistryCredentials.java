// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Objects;

/**
 * A user name and password for pulling one image from its registry, with their {@code ${{ }}}
 * expressions already evaluated. {@link #toString()} hides the password; it never appears in logs
 * or exception messages.
 *
 * @param username the registry user name, not blank
 * @param password the password or access token, not blank
 */
public record RegistryCredentials(String username, String password) {
  public RegistryCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank() || password.isBlank()) {
      throw new IllegalArgumentException("registry credentials need a user name and a password");
    }
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
