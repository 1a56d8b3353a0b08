// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Objects;

/**
 * One token of an expression.
 *
 * @param type what it is
 * @param text the source text it was read from
 * @param offset zero-based offset of its first character
 * @param literal the value of a NUMBER, STRING, TRUE, FALSE or NULL token; {@link Value#NULL}
 *     otherwise
 */
public record Token(TokenType type, String text, int offset, Value literal) {
  public Token {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(literal, "literal");
  }

  /** How a message names this token. */
  String describe() {
    return type == TokenType.END ? "the end of the expression" : "'" + text + "'";
  }
}
