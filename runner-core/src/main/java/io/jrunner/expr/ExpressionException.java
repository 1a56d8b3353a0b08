// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Objects;

/**
 * A bad expression: it does not lex or parse, names an unknown function or context, passes the
 * wrong number of arguments, fails while evaluating, or exceeds a limit. It carries a {@link Kind}
 * and the zero-based character offset in the text it was parsed from (for a {@link Template}, the
 * offset in the whole template string).
 *
 * <p>This is the only exception the {@code expr} package lets escape, for any input.
 */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely; the conformance suite names these. */
  public enum Kind {
    /**
     * A character or literal that cannot start a token: {@code "x"}, {@code 1.2.3}, {@code 'abc}.
     */
    LEXICAL,
    /** Tokens in the wrong order: {@code a ==}, {@code (a}, {@code a b}. */
    SYNTAX,
    /** A call of a function that does not exist. */
    UNKNOWN_FUNCTION,
    /** A call with too few or too many arguments. */
    ARGUMENT_COUNT,
    /** A name that is neither a known context nor one the caller supplied. */
    UNKNOWN_CONTEXT,
    /** A failure while evaluating: bad format string, invalid JSON, hashFiles failing, … */
    EVALUATION,
    /** The expression is too long or too deep, or a result grew too large. */
    LIMIT
  }

  private final Kind kind;
  private final int offset;
  private final String detail;

  /** The detail is made one line: line breaks a quoted value carries are shown escaped. */
  public ExpressionException(Kind kind, int offset, String detail) {
    super(oneLine(detail) + " (at offset " + offset + ")");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.offset = offset;
    this.detail = oneLine(Objects.requireNonNull(detail, "detail"));
  }

  private static String oneLine(String s) {
    return s.replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\u0085", "\\u0085")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  public Kind kind() {
    return kind;
  }

  /** Zero-based character offset of the problem. */
  public int offset() {
    return offset;
  }

  /** The message without the offset. */
  public String detail() {
    return detail;
  }

  /** The same problem with its offset moved by {@code delta} (for embedded expressions). */
  public ExpressionException shifted(int delta) {
    return new ExpressionException(kind, offset + delta, detail);
  }

  /**
   * The message followed by the source on its own line and a caret under the offset, for people
   * reading a terminal.
   */
  public String pointingInto(String source) {
    int at = Math.max(0, Math.min(offset, source.length()));
    return getMessage() + "\n  " + source + "\n  " + " ".repeat(at) + "^";
  }
}
