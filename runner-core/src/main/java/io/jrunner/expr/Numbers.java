// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers to strings and back, the way GitHub's expression engine does it. To a string: .NET's
 * {@code ToString("G15", InvariantCulture)}, which actions/runner uses for every number that
 * becomes text (string coercion, {@code format}, {@code toJSON}, templates): 15 significant digits,
 * integral values without a fraction ({@code 5.0} → {@code 5}, hence {@code refs/pull/5/merge}),
 * and exponent form ({@code 1E+19}, {@code 1E-05}) when the exponent is 15 or more or below -4.
 * Strings convert with JavaScript's {@code Number()} rules restricted to JSON-like literals.
 * Stateless.
 */
public final class Numbers {
  /** Significant digits of .NET's {@code G15}. */
  private static final int PRECISION = 15;

  private Numbers() {}

  /**
   * {@code d} as actions/runner prints it ({@code Double.ToString("G15")}): {@code NaN}, {@code
   * Infinity}, {@code -Infinity}, {@code 0} for both zeros, otherwise {@code d} rounded to 15
   * significant digits (half to even, from its exact binary value) without trailing zeros, in
   * exponent form {@code d[.ddd]E±XX} (at least two exponent digits) when its decimal exponent is
   * at least 15 or less than -4, else in plain decimal form.
   */
  public static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal exact =
        new BigDecimal(Math.abs(d))
            .round(new MathContext(PRECISION, RoundingMode.HALF_EVEN))
            .stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int k = digits.length();
    // The decimal point sits after n digits: d = 0.digits × 10^n, exponent n - 1.
    int n = k - exact.scale();
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (n > PRECISION || n < -3) {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int exponent = n - 1;
      out.append('E').append(exponent < 0 ? '-' : '+');
      out.append(Math.abs(exponent) < 10 ? "0" : "").append(Math.abs(exponent));
    } else if (k <= n) {
      out.append(digits).append("0".repeat(n - k));
    } else if (n > 0) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else {
      out.append("0.").append("0".repeat(-n)).append(digits);
    }
    return out.toString();
  }

  /**
   * JavaScript's {@code Number.prototype.toString()} for {@code d} (shortest digits that
   * round-trip, {@code 1e+21}): for JSON documents that are data rather than expression results
   * (the event file), where every number must survive exactly. Callers handle NaN and infinities.
   */
  static String javaScript(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    // Double.toString gives the shortest digits that round-trip (JDK 19+), as JavaScript does.
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int k = digits.length();
    int n = k - exact.scale();
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return out.toString();
  }

  /**
   * A string as a number: surrounding whitespace ignored, empty is 0, decimal with optional sign,
   * fraction and exponent, {@code 0x}/{@code 0o}/{@code 0b} integers, {@code Infinity}; anything
   * else is NaN.
   */
  public static double parse(String s) {
    String t = s.strip();
    if (t.isEmpty()) {
      return 0;
    }
    double literal = parseLiteral(t);
    if (!Double.isNaN(literal)) {
      return literal;
    }
    char c = t.charAt(0);
    if (c == '+' || c == '-') {
      String rest = t.substring(1);
      if (rest.equals("Infinity") || isDecimal(rest)) {
        double v = rest.equals("Infinity") ? Double.POSITIVE_INFINITY : Double.parseDouble(rest);
        return c == '-' ? -v : v;
      }
    }
    return Double.NaN;
  }

  /**
   * An unsigned number literal of the language ({@code 12}, {@code 1.5e3}, {@code 0xff}, {@code
   * Infinity}, {@code NaN}); NaN when it is not one ({@code NaN} itself is also NaN).
   */
  static double parseLiteral(String t) {
    if (t.equals("Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (t.length() > 2 && t.charAt(0) == '0') {
      int radix =
          switch (t.charAt(1)) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 0;
          };
      if (radix != 0) {
        for (int i = 2; i < t.length(); i++) {
          if (Character.digit(t.charAt(i), radix) < 0) {
            return Double.NaN;
          }
        }
        return new BigInteger(t.substring(2), radix).doubleValue();
      }
    }
    return isDecimal(t) ? Double.parseDouble(t) : Double.NaN;
  }

  /** {@code digits [. digits] [e [+-] digits]} or {@code . digits …}, without a sign. */
  private static boolean isDecimal(String t) {
    int i = 0;
    int n = t.length();
    int intDigits = 0;
    while (i < n && isDigit(t.charAt(i))) {
      i++;
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        fracDigits++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
