// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One pattern of an {@code on:} filter ({@code branches}, {@code tags}, {@code paths} and their
 * {@code -ignore} forms) with GitHub's cheat-sheet rules, as Forgejo's {@code workflowpattern}
 * applies them: {@code *} matches within a path segment, {@code **} across segments ({@code **}
 * followed by {@code /} also matches no segment), {@code ?} makes the preceding character optional,
 * {@code +} repeats it, {@code [..]} is a class, {@code \} escapes, a leading {@code !} negates. In
 * a list the last pattern matching a name decides. Immutable.
 *
 * @param negated whether the pattern began with {@code !}
 * @param regex the compiled pattern, matched against the whole name
 * @param source the pattern as written
 */
public record FilterPattern(boolean negated, Pattern regex, String source) {
  /**
   * Compiles {@code raw}.
   *
   * @throws IllegalArgumentException with a readable message when it is not a valid pattern
   */
  public static FilterPattern compile(String raw) {
    String p = raw;
    boolean negated = p.startsWith("!");
    if (negated) {
      p = p.substring(1);
    }
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '*' && p.startsWith("**", i)) {
        boolean slash = i + 2 < p.length() && p.charAt(i + 2) == '/';
        re.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 3 : 2;
      } else if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?' || c == '+') {
        if (re.isEmpty()) {
          throw new IllegalArgumentException(
              "pattern '" + raw + "': '" + c + "' must follow a character");
        }
        re.append(c);
        i++;
      } else if (c == '[') {
        int end = p.indexOf(']', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("pattern '" + raw + "': '[' without ']'");
        }
        StringBuilder cls = new StringBuilder("[");
        for (char b : p.substring(i + 1, end).toCharArray()) {
          cls.append(Character.isLetterOrDigit(b) || b == '-' ? String.valueOf(b) : "\\" + b);
        }
        re.append(cls).append(']');
        i = end + 1;
      } else if (c == '\\' && i + 1 < p.length()) {
        re.append(Pattern.quote(String.valueOf(p.charAt(i + 1))));
        i += 2;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    try {
      return new FilterPattern(negated, Pattern.compile(re.toString()), raw);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("pattern '" + raw + "' is not valid", e);
    }
  }

  /** Compiles every pattern of a list. */
  public static List<FilterPattern> compileAll(List<String> raw) {
    List<FilterPattern> out = new ArrayList<>();
    raw.forEach(r -> out.add(compile(r)));
    return out;
  }

  /** Whether the last pattern of {@code patterns} that matches {@code name} is a positive one. */
  public static boolean included(List<FilterPattern> patterns, String name) {
    boolean in = false;
    for (FilterPattern p : patterns) {
      if (p.regex.matcher(name).matches()) {
        in = !p.negated;
      }
    }
    return in;
  }

  /** An include list ({@code branches}, {@code paths}) lets through when some name is included. */
  public static boolean anyIncluded(List<FilterPattern> patterns, List<String> names) {
    return names.stream().anyMatch(n -> included(patterns, n));
  }

  /** An ignore list lets through when some name is not ignored. */
  public static boolean anyNotIgnored(List<FilterPattern> patterns, List<String> names) {
    return names.stream().anyMatch(n -> !included(patterns, n));
  }
}
