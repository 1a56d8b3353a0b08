// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a step wrote to {@code GITHUB_ENV} or {@code GITHUB_OUTPUT}: {@code NAME=value} lines,
 * and {@code NAME<<DELIMITER} blocks whose value is every line up to the delimiter. As GitHub's
 * runner, an empty delimiter is refused: it would end the block at the first empty line of the
 * value, so a value could add keys of its own.
 */
public final class EnvFiles {
  private EnvFiles() {}

  /**
   * @throws IllegalArgumentException naming the line (one line of message) when a block has no end
   *     or no delimiter, or a line has no {@code =}
   */
  public static Map<String, String> parse(List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int heredoc = line.indexOf("<<");
      int equals = line.indexOf('=');
      if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        if (delimiter.isEmpty()) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": " + cut(name) + "<< has no delimiter (write NAME<<DELIMITER)");
        }
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).equals(delimiter)) {
          if (j > i + 1) {
            value.append('\n');
          }
          value.append(lines.get(j));
          j++;
        }
        if (j == lines.size()) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": no closing '" + cut(delimiter) + "' for " + cut(name));
        }
        out.put(name, value.toString());
        i = j;
      } else if (equals > 0) {
        out.put(line.substring(0, equals), line.substring(equals + 1));
      } else {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected NAME=value or NAME<<DELIMITER, got: " + cut(line));
      }
    }
    return out;
  }

  private static String cut(String s) {
    String line = s.replace("\r", "\\r");
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }
}
