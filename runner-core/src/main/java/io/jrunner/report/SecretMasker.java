// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replaces secrets with {@value #MASK} in log rows (protocol.md §5.10): every secret, the task
 * tokens and {@code ::add-mask::} values, longest first. A multi-line secret ({@code \r\n} counts
 * as {@code \n}) is also masked in its one-line form with literal {@code \n} separators, inside one
 * row that contains real newlines, and across consecutive rows: the first row ends with its first
 * line, the middle rows equal its middle lines, the last row starts with its last line. As GitHub's
 * runner, each line of a multi-line secret is also masked on its own, and so are a secret's base64
 * forms ({@link SecretForms}).
 *
 * <p>Cost: one {@link String#indexOf} scan per secret and row, and for multi-line secrets one
 * {@code endsWith} per row; nothing is quadratic in the row length or the number of rows.
 *
 * <p>Threading: thread-safe; {@link #add} may race with masking (a value applies to rows masked
 * after it was added).
 */
public final class SecretMasker {
  /** What a secret becomes. */
  public static final String MASK = "***";

  /** With more patterns than this, a row's character pairs rule most of them out first. */
  private static final int FILTER_FROM = 16;

  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> known = new HashSet<>();
  private List<String> single = List.of();
  private List<String[]> multi = List.of();

  /** A masker for {@code secrets}; null, blank and repeated values are ignored. */
  public SecretMasker(List<String> secrets) {
    addAll(secrets);
  }

  /** Adds a value to mask from now on; blank values are ignored (they would mask everything). */
  public void add(String secret) {
    addAll(java.util.Collections.singletonList(secret));
  }

  private void addAll(List<String> secrets) {
    lock.lock();
    try {
      List<String> nextSingle = new ArrayList<>(single);
      for (String secret : secrets) {
        addTo(nextSingle, secret);
      }
      nextSingle.sort(Comparator.comparingInt(String::length).reversed());
      single = List.copyOf(nextSingle);
    } finally {
      lock.unlock();
    }
  }

  private void addTo(List<String> nextSingle, String secret) {
    if (secret == null) {
      return;
    }
    String s = secret.replace("\r\n", "\n").replaceAll("^\n+|\n+$", "");
    if (s.isBlank()) {
      return;
    }
    if (!known.add(s)) {
      return;
    }
    nextSingle.add(s);
    for (String form : SecretForms.of(s)) {
      if (known.add(form)) {
        nextSingle.add(form);
      }
    }
    if (s.indexOf('\n') >= 0) {
      nextSingle.add(s.replace("\n", "\\n"));
      List<String[]> nextMulti = new ArrayList<>(multi);
      nextMulti.add(s.split("\n", -1));
      nextMulti.sort(
          Comparator.comparingInt((String[] l) -> String.join("\n", l).length()).reversed());
      multi = List.copyOf(nextMulti);
    }
  }

  /** Whether some multi-line secret exists (rows may then need to wait for the next ones). */
  public boolean hasMultiLine() {
    return !multiLine().isEmpty();
  }

  /** {@code row} with every secret occurring inside it masked. */
  public String mask(String row) {
    List<String> patterns;
    lock.lock();
    try {
      patterns = single;
    } finally {
      lock.unlock();
    }
    String out = row;
    java.util.BitSet pairs = patterns.size() > FILTER_FROM ? pairs(row) : null;
    for (String p : patterns) {
      if (pairs == null || mayOccur(p, pairs)) {
        out = replaceAll(out, p);
      }
    }
    return out;
  }

  /** The pair filter's size: a power of two; a collision only means a pattern is tried. */
  private static final int PAIR_BITS = 1 << 12;

  private static java.util.BitSet pairs(String row) {
    java.util.BitSet set = new java.util.BitSet(PAIR_BITS); // 512 bytes a row
    for (int i = 1; i < row.length(); i++) {
      set.set(pair(row.charAt(i - 1), row.charAt(i)));
    }
    return set;
  }

  private static int pair(char a, char b) {
    return (a * 31 + b) & (PAIR_BITS - 1);
  }

  /**
   * False only when some pair of adjacent characters of {@code pattern} is not in the row (so the
   * pattern cannot occur); a pattern with {@code *} is always tried, as masking adds {@code *}s.
   */
  private static boolean mayOccur(String pattern, java.util.BitSet pairs) {
    if (pattern.indexOf('*') >= 0) {
      return true;
    }
    for (int i = 1; i < pattern.length(); i++) {
      if (!pairs.get(pair(pattern.charAt(i - 1), pattern.charAt(i)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Masks multi-line secrets spanning consecutive rows of {@code rows}, in place.
   *
   * @param noMore no row will follow: partial matches at the end are final
   * @return how many leading rows are final; the rest may still be the start of a multi-line secret
   *     whose remaining lines have not arrived ("need more rows")
   */
  public int maskAcross(List<String> rows, boolean noMore) {
    int ready = rows.size();
    for (String[] lines : multiLine()) {
      int k = lines.length - 1;
      for (int i = 0; i < rows.size(); i++) {
        if (!rows.get(i).endsWith(lines[0])) {
          continue;
        }
        int matched = 1;
        while (matched <= k && i + matched < rows.size()) {
          String row = rows.get(i + matched);
          boolean ok = matched < k ? row.equals(lines[matched]) : row.startsWith(lines[k]);
          if (!ok) {
            break;
          }
          matched++;
        }
        if (matched > k) {
          String first = rows.get(i);
          rows.set(i, first.substring(0, first.length() - lines[0].length()) + MASK);
          for (int j = 1; j < k; j++) {
            rows.set(i + j, MASK);
          }
          rows.set(i + k, MASK + rows.get(i + k).substring(lines[k].length()));
          i += k;
        } else if (i + matched == rows.size()) {
          ready = Math.min(ready, i); // the rows so far match; the rest has not arrived
        }
      }
    }
    return noMore ? rows.size() : ready;
  }

  private List<String[]> multiLine() {
    lock.lock();
    try {
      return multi;
    } finally {
      lock.unlock();
    }
  }

  private static String replaceAll(String s, String pattern) {
    int at = s.indexOf(pattern);
    if (at < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (at >= 0) {
      b.append(s, from, at).append(MASK);
      from = at + pattern.length();
      at = s.indexOf(pattern, from);
    }
    return b.append(s, from, s.length()).toString();
  }
}
