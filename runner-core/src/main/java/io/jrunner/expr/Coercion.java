// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

/**
 * The documented type coercions of GitHub's expressions: truthiness, conversion to number and to
 * string, loose equality and ordering. Stateless.
 *
 * <ul>
 *   <li>Falsy: {@code false}, {@code 0}, {@code -0}, {@code NaN}, {@code ''}, {@code null}.
 *   <li>To number: null → 0, true → 1, false → 0, a string by JSON-number rules ('' → 0, else NaN),
 *       arrays and objects → NaN.
 *   <li>Comparing different types converts both sides to numbers; strings compare ignoring case;
 *       arrays and objects are equal only to themselves; NaN is unequal to everything.
 * </ul>
 */
public final class Coercion {
  private Coercion() {}

  public static boolean truthy(Value v) {
    return switch (v) {
      case Value.Null n -> false;
      case Value.Bool b -> b.value();
      case Value.Num n -> n.value() != 0 && !Double.isNaN(n.value());
      case Value.Str s -> !s.value().isEmpty();
      case Value.Arr a -> true;
      case Value.Obj o -> true;
    };
  }

  public static double toNumber(Value v) {
    return switch (v) {
      case Value.Null n -> 0;
      case Value.Bool b -> b.value() ? 1 : 0;
      case Value.Num n -> n.value();
      case Value.Str s -> Numbers.parse(s.value());
      case Value.Arr a -> Double.NaN;
      case Value.Obj o -> Double.NaN;
    };
  }

  /** As string functions see a value: null → '', numbers as JavaScript prints them. */
  public static String toStr(Value v) {
    return switch (v) {
      case Value.Null n -> "";
      case Value.Bool b -> b.value() ? "true" : "false";
      case Value.Num n -> Numbers.format(n.value());
      case Value.Str s -> s.value();
      case Value.Arr a -> "Array";
      case Value.Obj o -> "Object";
    };
  }

  /** The language's {@code ==}. */
  public static boolean looseEquals(Value a, Value b) {
    if (a.getClass() != b.getClass()) {
      return toNumber(a) == toNumber(b);
    }
    return switch (a) {
      case Value.Null n -> true;
      case Value.Bool x -> x.value() == ((Value.Bool) b).value();
      case Value.Num x -> x.value() == ((Value.Num) b).value();
      case Value.Str x -> x.value().equalsIgnoreCase(((Value.Str) b).value());
      case Value.Arr x -> x == b;
      case Value.Obj x -> x == b;
    };
  }

  /**
   * Ordering for {@code < <= > >=}: negative, zero or positive, or null when the values are
   * unordered (NaN involved, or arrays and objects).
   */
  static Integer order(Value a, Value b) {
    if (a instanceof Value.Str x && b instanceof Value.Str y) {
      return Integer.signum(compareIgnoreCase(x.value(), y.value()));
    }
    if (a.getClass() == b.getClass() && (a instanceof Value.Arr || a instanceof Value.Obj)) {
      return a == b ? 0 : null;
    }
    double x = toNumber(a);
    double y = toNumber(b);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return null;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Ordinal comparison of the upper-cased characters, as .NET's OrdinalIgnoreCase. */
  private static int compareIgnoreCase(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = Character.toUpperCase(a.charAt(i));
      char y = Character.toUpperCase(b.charAt(i));
      if (x != y) {
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** Case-insensitive {@code haystack.contains(needle)}. */
  static boolean containsIgnoreCase(String haystack, String needle) {
    int max = haystack.length() - needle.length();
    for (int i = 0; i <= max; i++) {
      if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
        return true;
      }
    }
    return false;
  }
}
