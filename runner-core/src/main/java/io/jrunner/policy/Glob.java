// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import java.util.regex.Pattern;

/**
 * The glob patterns of the runner's allow-lists ({@code container.valid_volumes}, {@code
 * policy.refs.allowed}, {@code policy.repositories}, {@code policy.registries}): {@code **} matches
 * anything, {@code *} anything but {@code /}, {@code ?} one character but {@code /}; everything
 * else matches itself. Pure.
 */
public final class Glob {
  private Glob() {}

  /** Whether {@code text} matches {@code glob} as a whole. */
  public static boolean matches(String glob, String text) {
    return toRegex(glob).matcher(text).matches();
  }

  /** The regular expression of {@code glob}. */
  public static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < n && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
