// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an option string into words as a POSIX shell would, without expanding anything: blanks
 * separate words; {@code '...'} is literal; in {@code "..."} a backslash escapes only {@code "},
 * {@code \}, {@code $} and {@code `}; elsewhere a backslash escapes the next character. Pure.
 */
public final class ShellWords {
  private ShellWords() {}

  /**
   * @throws IllegalArgumentException for an unterminated quote or a trailing backslash
   */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' quote in: " + text);
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char d = text.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            word.append(text.charAt(i + 1));
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated \" quote in: " + text);
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("trailing backslash in: " + text);
        }
        char next = text.charAt(i + 1);
        if (next != '\n') { // backslash-newline joins lines
          word.append(next);
          inWord = true;
        }
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
