// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.regex.Pattern;

/**
 * One {@code hashFiles} pattern: {@code *} and {@code ?} within a path segment, {@code **} across
 * segments, {@code [abc]} classes; a leading {@code !} negates; hidden files match like any other.
 * A pattern that names a directory matches every file under it, as {@code @actions/glob} does.
 * Immutable.
 */
final class Glob {
  private final boolean negated;
  private final Pattern regex;
  private final String searchPath;

  private Glob(boolean negated, Pattern regex, String searchPath) {
    this.negated = negated;
    this.regex = regex;
    this.searchPath = searchPath;
  }

  static Glob compile(String raw) {
    String p = raw.strip();
    boolean negated = p.startsWith("!");
    if (negated) {
      p = p.substring(1);
    }
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '*' && p.startsWith("**", i)) {
        boolean slash = i + 2 < p.length() && p.charAt(i + 2) == '/';
        re.append(slash ? "(?:[^/]*/)*" : ".*");
        i += slash ? 3 : 2;
      } else if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '[' && p.indexOf(']', i + 1) > i + 1) {
        int end = p.indexOf(']', i + 1);
        String body = p.substring(i + 1, end);
        boolean not = body.startsWith("!") || body.startsWith("^");
        re.append('[').append(not ? "^" : "");
        for (char b : (not ? body.substring(1) : body).toCharArray()) {
          re.append(
              b == '-'
                  ? "-"
                  : Pattern.quote(String.valueOf(b)).replace("\\Q", "").replace("\\E", ""));
        }
        re.append(']');
        i = end + 1;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return new Glob(negated, Pattern.compile(re.toString()), searchPath(p));
  }

  /**
   * The literal directories before the first segment with a wildcard ({@code *}, {@code ?}, or a
   * {@code […]} of more than one character), as {@code @actions/glob} computes a pattern's search
   * path; {@code ""} for the workspace.
   */
  private static String searchPath(String p) {
    StringBuilder out = new StringBuilder();
    for (String segment : p.split("/")) {
      String literal = literal(segment);
      if (literal == null) {
        break;
      }
      if (literal.isEmpty() || literal.equals(".")) {
        continue;
      }
      out.append(out.isEmpty() ? "" : "/").append(literal);
    }
    return out.toString();
  }

  /** A segment's literal text, or null when it has a wildcard. */
  private static String literal(String segment) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?') {
        return null;
      }
      int end = segment.indexOf(']', i + 1);
      if (c == '[' && end > i) {
        if (end != i + 2) {
          return null;
        }
        out.append(segment.charAt(i + 1));
        i = end;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** See {@link #searchPath(String)}. */
  String searchPath() {
    return searchPath;
  }

  boolean negated() {
    return negated;
  }

  /** True when the pattern matches {@code path} or one of its parent directories. */
  boolean matches(String path) {
    if (regex.matcher(path).matches()) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (regex.matcher(path.substring(0, slash)).matches()) {
        return true;
      }
    }
    return false;
  }
}
