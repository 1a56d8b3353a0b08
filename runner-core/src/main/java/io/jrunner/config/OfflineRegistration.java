// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Offline registration with a shared secret (protocol.md §4.2), for {@code jrunner
 * create-runner-file}: the server side runs {@code forgejo forgejo-cli actions register --secret
 * S}, and both sides derive the same identity from {@code S}. Stateless and thread-safe.
 */
public final class OfflineRegistration {
  private OfflineRegistration() {}

  /**
   * The runner UUID of a secret, in canonical lowercase form: the UUID whose 16 bytes are the
   * secret's first 16 ASCII characters (e.g. {@code 7c31591e8b67225a…} gives {@code
   * 37633331-3539-3165-3862-363732323561}).
   *
   * @throws RegistrationException if the secret is not exactly 40 hexadecimal characters
   */
  public static String uuidFromSecret(String secret) throws RegistrationException {
    check(secret);
    ByteBuffer bytes = ByteBuffer.wrap(secret.substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    return new UUID(bytes.getLong(), bytes.getLong()).toString();
  }

  /**
   * The registration {@code create-runner-file} writes: id 0, the derived UUID, the secret as
   * token, no labels (the daemon declares the configured ones).
   *
   * @throws RegistrationException if the secret is not exactly 40 hexadecimal characters
   */
  public static Registration registration(String secret, String address, String name)
      throws RegistrationException {
    return new Registration(0, uuidFromSecret(secret), name, secret, address, List.of());
  }

  private static void check(String secret) throws RegistrationException {
    Objects.requireNonNull(secret, "secret");
    if (!secret.matches("[0-9a-fA-F]{40}")) {
      throw new RegistrationException(
          "the secret must be exactly 40 hexadecimal characters (as made by `forgejo forgejo-cli"
              + " actions generate-secret`), got "
              + secret.length()
              + " characters"
              + (secret.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                  ? ""
                  : " including non-hexadecimal ones"));
    }
  }
}
