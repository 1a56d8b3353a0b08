// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The built-in functions, with the argument counts the parser enforces. Names are matched
 * case-insensitively ({@code toJson} is {@code toJSON}).
 */
public enum Builtin {
  CONTAINS("contains", 2, 2),
  STARTS_WITH("startsWith", 2, 2),
  ENDS_WITH("endsWith", 2, 2),
  FORMAT("format", 1, Integer.MAX_VALUE),
  JOIN("join", 1, 2),
  TO_JSON("toJSON", 1, 1),
  FROM_JSON("fromJSON", 1, 1),
  HASH_FILES("hashFiles", 1, Integer.MAX_VALUE),
  SUCCESS("success", 0, 0),
  ALWAYS("always", 0, 0),
  FAILURE("failure", 0, 0),
  CANCELLED("cancelled", 0, 0),
  /** {@code case(pred1, value1, …, default)}: an odd number of at least three arguments. */
  CASE("case", 3, Integer.MAX_VALUE);

  private static final Map<String, Builtin> BY_NAME =
      Stream.of(values())
          .collect(
              Collectors.toUnmodifiableMap(
                  f -> f.displayName.toLowerCase(Locale.ROOT),
                  java.util.function.Function.identity()));

  private final String displayName;
  private final int minArgs;
  private final int maxArgs;

  Builtin(String displayName, int minArgs, int maxArgs) {
    this.displayName = displayName;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
  }

  /** The documented spelling. */
  public String displayName() {
    return displayName;
  }

  /** The function with this name, ignoring case; null when there is none. */
  static Builtin lookup(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /** True for the four functions that make an {@code if:} skip the implicit {@code success()}. */
  public boolean isStatusFunction() {
    return switch (this) {
      case SUCCESS, ALWAYS, FAILURE, CANCELLED -> true;
      case CONTAINS, STARTS_WITH, ENDS_WITH, FORMAT, JOIN, TO_JSON, FROM_JSON, HASH_FILES, CASE ->
          false;
    };
  }

  /** Null when {@code count} arguments are fine, else what is wrong. */
  String checkArity(int count) {
    if (this == CASE && (count < 3 || count % 2 == 0)) {
      return "case takes an odd number of arguments, at least 3 (predicate, value, …, default),"
          + " got "
          + count;
    }
    if (count < minArgs || count > maxArgs) {
      String expected =
          minArgs == maxArgs
              ? minArgs + (minArgs == 1 ? " argument" : " arguments")
              : maxArgs == Integer.MAX_VALUE
                  ? "at least " + minArgs + (minArgs == 1 ? " argument" : " arguments")
                  : minArgs + " to " + maxArgs + " arguments";
      return displayName + " takes " + expected + ", got " + count;
    }
    return null;
  }
}
