// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words as a POSIX shell would, without expansions: blanks separate words,
 * single quotes keep everything, double quotes keep blanks and allow {@code \"} and {@code \\}, a
 * backslash outside quotes escapes the next character. Used for {@code with.args} of {@code
 * docker://} steps.
 */
public final class ShellWords {
  private ShellWords() {}

  /**
   * @throws IllegalArgumentException when a quote is not closed
   */
  public static List<String> split(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ' in: " + s);
        }
        word.append(s, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          if (s.charAt(j) == '\\'
              && j + 1 < s.length()
              && (s.charAt(j + 1) == '"' || s.charAt(j + 1) == '\\')) {
            j++;
          }
          word.append(s.charAt(j));
          j++;
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException("unclosed \" in: " + s);
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        word.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
