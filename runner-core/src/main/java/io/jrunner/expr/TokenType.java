// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

/** The kinds of {@link Token}. */
public enum TokenType {
  NUMBER,
  STRING,
  TRUE,
  FALSE,
  NULL,
  IDENTIFIER,
  DOT,
  STAR,
  LEFT_BRACKET,
  RIGHT_BRACKET,
  LEFT_PAREN,
  RIGHT_PAREN,
  COMMA,
  NOT,
  EQUAL,
  NOT_EQUAL,
  LESS,
  LESS_EQUAL,
  GREATER,
  GREATER_EQUAL,
  AND,
  OR,
  END
}
