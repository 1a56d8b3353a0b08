// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.policy.Glob;
import java.util.regex.Pattern;

/**
 * The glob patterns of {@code container.valid_volumes}: {@code **} matches anything, {@code *}
 * anything but {@code /}, {@code ?} one character but {@code /}; everything else matches itself.
 * Pure; the same rules as {@link Glob}, shared with the profile policy.
 */
final class Globs {
  private Globs() {}

  static boolean matches(String glob, String text) {
    return Glob.matches(glob, text);
  }

  static Pattern toRegex(String glob) {
    return Glob.toRegex(glob);
  }
}
