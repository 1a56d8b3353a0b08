// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into {@link Token}s. Strings use single quotes with {@code ''} as the
 * escape; numbers may carry a sign, a fraction, an exponent or a {@code 0x} prefix; identifiers may
 * contain {@code -} (step ids do). Stateless; linear in the input.
 */
public final class Lexer {
  private Lexer() {}

  /** The tokens of {@code source}, ending with an END token. */
  public static List<Token> tokenize(String source) throws ExpressionException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (true) {
      while (i < n && Character.isWhitespace(source.charAt(i))) {
        i++;
      }
      if (i >= n) {
        tokens.add(new Token(TokenType.END, "", n, Value.NULL));
        return tokens;
      }
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : '\0';
      int start = i;
      TokenType single =
          switch (c) {
            case '.' -> TokenType.DOT;
            case '*' -> TokenType.STAR;
            case '[' -> TokenType.LEFT_BRACKET;
            case ']' -> TokenType.RIGHT_BRACKET;
            case '(' -> TokenType.LEFT_PAREN;
            case ')' -> TokenType.RIGHT_PAREN;
            case ',' -> TokenType.COMMA;
            default -> null;
          };
      if (single != null) {
        tokens.add(new Token(single, String.valueOf(c), start, Value.NULL));
        i++;
        continue;
      }
      TokenType pair =
          switch (c) {
            case '=' -> next == '=' ? TokenType.EQUAL : null;
            case '!' -> next == '=' ? TokenType.NOT_EQUAL : TokenType.NOT;
            case '<' -> next == '=' ? TokenType.LESS_EQUAL : TokenType.LESS;
            case '>' -> next == '=' ? TokenType.GREATER_EQUAL : TokenType.GREATER;
            case '&' -> next == '&' ? TokenType.AND : null;
            case '|' -> next == '|' ? TokenType.OR : null;
            default -> null;
          };
      if (pair != null) {
        int len =
            switch (pair) {
              case NOT, LESS, GREATER -> 1;
              default -> 2;
            };
        tokens.add(new Token(pair, source.substring(i, i + len), start, Value.NULL));
        i += len;
        continue;
      }
      if (c == '\'') {
        i = string(source, i, tokens);
      } else if (isDigit(c) || ((c == '-' || c == '+') && startsNumber(source, i + 1))) {
        i = number(source, i, tokens);
      } else if (isIdentifierStart(c)) {
        i = word(source, i, tokens);
      } else {
        throw new ExpressionException(Kind.LEXICAL, i, unexpected(c));
      }
    }
  }

  private static String unexpected(char c) {
    return switch (c) {
      case '"' -> "unexpected character '\"': strings use single quotes, like 'text'";
      case '=' -> "unexpected character '=': use '==' to compare";
      case '&' -> "unexpected character '&': use '&&'";
      case '|' -> "unexpected character '|': use '||'";
      case '-', '+' -> "unexpected character '" + c + "': there is no arithmetic in expressions";
      default -> "unexpected character '" + c + "'";
    };
  }

  private static int string(String source, int start, List<Token> tokens)
      throws ExpressionException {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\'') {
        if (i + 1 < n && source.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        String text = source.substring(start, i + 1);
        tokens.add(new Token(TokenType.STRING, text, start, Value.of(value.toString())));
        return i + 1;
      }
      value.append(c);
      i++;
    }
    throw new ExpressionException(
        Kind.LEXICAL, start, "unterminated string: expected a closing ' for the one opened here");
  }

  private static boolean startsNumber(String source, int i) {
    return i < source.length() && (isDigit(source.charAt(i)) || source.startsWith("Infinity", i));
  }

  private static int number(String source, int start, List<Token> tokens)
      throws ExpressionException {
    int i = start;
    int n = source.length();
    char sign = source.charAt(i);
    if (sign == '-' || sign == '+') {
      i++;
    }
    int bodyStart = i;
    while (i < n) {
      char c = source.charAt(i);
      char prev = i > bodyStart ? source.charAt(i - 1) : ' ';
      boolean exponentSign =
          (c == '+' || c == '-') && (prev == 'e' || prev == 'E') && !isHex(source, bodyStart);
      if (isIdentifierPart(c) && c != '-' || c == '.' || exponentSign) {
        i++;
      } else {
        break;
      }
    }
    String text = source.substring(start, i);
    double value = Numbers.parseLiteral(source.substring(bodyStart, i));
    if (Double.isNaN(value)) {
      throw new ExpressionException(Kind.LEXICAL, start, "invalid number '" + text + "'");
    }
    tokens.add(new Token(TokenType.NUMBER, text, start, Value.of(sign == '-' ? -value : value)));
    return i;
  }

  private static boolean isHex(String source, int bodyStart) {
    return source.startsWith("0x", bodyStart) || source.startsWith("0X", bodyStart);
  }

  private static int word(String source, int start, List<Token> tokens) {
    int i = start + 1;
    while (i < source.length() && isIdentifierPart(source.charAt(i))) {
      i++;
    }
    String text = source.substring(start, i);
    Token token =
        switch (text) {
          case "true" -> new Token(TokenType.TRUE, text, start, Value.TRUE);
          case "false" -> new Token(TokenType.FALSE, text, start, Value.FALSE);
          case "null" -> new Token(TokenType.NULL, text, start, Value.NULL);
          case "NaN" -> new Token(TokenType.NUMBER, text, start, Value.of(Double.NaN));
          case "Infinity" ->
              new Token(TokenType.NUMBER, text, start, Value.of(Double.POSITIVE_INFINITY));
          default -> new Token(TokenType.IDENTIFIER, text, start, Value.NULL);
        };
    tokens.add(token);
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '-';
  }
}
