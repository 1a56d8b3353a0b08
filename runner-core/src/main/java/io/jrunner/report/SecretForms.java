// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The other forms of a secret that GitHub's runner masks too: each line of a multi-line secret on
 * its own (trimmed), and its base64 encodings starting at byte 0, 1 and 2 (GitHub's {@code
 * Base64StringEscape}, {@code …Shift1}, {@code …Shift2}), so {@code base64 <<< "user:$TOKEN"} is
 * masked wherever the secret starts. Beyond GitHub, each encoding is also given without its last,
 * incomplete group (at least {@value #MIN_CUT} characters), which does not depend on the bytes that
 * follow the secret, so the secret is masked in the middle of a longer encoded text too. Stateless.
 */
final class SecretForms {
  /** Shorter cut encodings would mask ordinary words. */
  static final int MIN_CUT = 8;

  private SecretForms() {}

  /** The forms of {@code secret} (already normalised to {@code \n}), not including itself. */
  static List<String> of(String secret) {
    List<String> out = new ArrayList<>();
    if (secret.indexOf('\n') >= 0) {
      for (String line : secret.split("\n")) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int shift = 0; shift <= 2; shift++) {
      byte[] from = bytes.length > shift ? Arrays.copyOfRange(bytes, shift, bytes.length) : bytes;
      out.add(Base64.getEncoder().encodeToString(from));
      int whole = from.length / 3 * 3;
      String cut = Base64.getEncoder().encodeToString(Arrays.copyOf(from, whole));
      if (cut.length() >= MIN_CUT) {
        out.add(cut);
      }
    }
    return out;
  }
}
