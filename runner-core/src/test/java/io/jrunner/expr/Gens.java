// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Random;

/** Small building blocks for {@link Tries} generators. Stateless. */
public final class Gens {
  private Gens() {}

  /** One of {@code choices}. */
  @SafeVarargs
  public static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** Up to {@code max} characters drawn from {@code alphabet}. */
  public static String chars(Random r, String alphabet, int max) {
    int n = r.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /**
   * Up to {@code max} characters, any UTF-16 unit (lone surrogates included) or from {@code bias}.
   */
  public static String anyChars(Random r, String bias, int max) {
    int n = r.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(
          r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : bias.charAt(r.nextInt(bias.length())));
    }
    return b.toString();
  }
}
