// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String()} for {@link Duration}, so that
 * {@code config.yaml} values such as {@code 3h}, {@code 1m30s} or {@code 100ms} mean what they mean
 * to forgejo-runner. The range is Go's: a signed 64-bit count of nanoseconds. Stateless and
 * thread-safe.
 */
public final class GoDuration {
  private static final String UNITS_HINT = "valid units are ns, us, \u00b5s, ms, s, m, h";
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign, as Go prints it
          "\u03bcs", 1_000L, // Greek small letter mu, also accepted by Go
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigDecimal LIMIT = new BigDecimal(BigInteger.ONE.shiftLeft(63));
  private static final long SECOND = 1_000_000_000L;

  private GoDuration() {}

  /**
   * Parses a Go duration: an optional sign, then one or more decimal numbers (with optional
   * fraction) each followed by a unit, e.g. {@code 300ms}, {@code -1.5h}, {@code 2h45m}; or {@code
   * 0}. Fractions below a nanosecond are truncated, as in Go.
   *
   * @throws IllegalArgumentException with a message naming the input and what is wrong
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    int i = 0;
    int n = text.length();
    boolean negative = false;
    if (n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    if (text.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == n) {
      throw invalid(text, "it is empty");
    }
    BigDecimal total = BigDecimal.ZERO;
    while (i < n) {
      int start = i;
      i = skipDigits(text, i);
      String whole = text.substring(start, i);
      String fraction = "";
      if (i < n && text.charAt(i) == '.') {
        int fractionStart = ++i;
        i = skipDigits(text, i);
        fraction = text.substring(fractionStart, i);
      }
      if (whole.isEmpty() && fraction.isEmpty()) {
        throw invalid(text, "expected a number at position " + (start + 1));
      }
      int unitStart = i;
      while (i < n && text.charAt(i) != '.' && !isDigit(text.charAt(i))) {
        i++;
      }
      String unit = text.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw invalid(text, "missing unit (" + UNITS_HINT + ")");
      }
      Long nanos = UNITS.get(unit);
      if (nanos == null) {
        throw invalid(text, "unknown unit \"" + unit + "\" (" + UNITS_HINT + ")");
      }
      BigDecimal value = new BigDecimal((whole.isEmpty() ? "0" : whole) + "." + fraction + "0");
      total = total.add(value.multiply(BigDecimal.valueOf(nanos)).setScale(0, RoundingMode.DOWN));
      if (total.compareTo(LIMIT) > 0) {
        throw invalid(text, "it is out of range (at most 2562047h47m16.854775807s)");
      }
    }
    if (!negative && total.compareTo(LIMIT) == 0) {
      throw invalid(text, "it is out of range (at most 2562047h47m16.854775807s)");
    }
    return Duration.ofNanos((negative ? total.negate() : total).longValueExact());
  }

  /**
   * Formats like Go's {@code Duration.String()}: {@code 0s}, {@code 1.5µs}, {@code 500ms}, {@code
   * 1m30s}, {@code 3h0m0s}.
   *
   * @throws IllegalArgumentException if {@code d} does not fit Go's 64-bit nanosecond range
   */
  public static String format(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration " + d + " is out of Go's range", e);
    }
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long u = nanos < 0 ? -nanos : nanos; // unsigned: Long.MIN_VALUE stays 2^63
    if (Long.compareUnsigned(u, SECOND) < 0) {
      if (u < 1_000) {
        return sign + u + "ns";
      }
      return u < 1_000_000
          ? sign + (u / 1_000) + fraction(u % 1_000, 3) + "\u00b5s"
          : sign + (u / 1_000_000) + fraction(u % 1_000_000, 6) + "ms";
    }
    long seconds = Long.divideUnsigned(u, SECOND);
    String s = (seconds % 60) + fraction(Long.remainderUnsigned(u, SECOND), 9) + "s";
    long minutes = seconds / 60;
    if (minutes == 0) {
      return sign + s;
    }
    String m = (minutes % 60) + "m" + s;
    long hours = minutes / 60;
    return hours == 0 ? sign + m : sign + hours + "h" + m;
  }

  /** {@code .ddd} with trailing zeros dropped, or nothing when {@code value} is 0. */
  private static String fraction(long value, int digits) {
    if (value == 0) {
      return "";
    }
    String padded = String.format("%0" + digits + "d", value);
    int end = padded.length();
    while (padded.charAt(end - 1) == '0') {
      end--;
    }
    return "." + padded.substring(0, end);
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration \"" + text + "\": " + why);
  }
}
