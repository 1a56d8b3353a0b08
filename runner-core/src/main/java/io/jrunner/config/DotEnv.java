// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A dotenv file reader compatible with what forgejo-runner accepts (godotenv): {@code KEY=VALUE} or
 * {@code KEY: VALUE} lines, an optional {@code export } prefix, {@code #} comments (inline ones
 * after whitespace in unquoted values), single quotes (literal) and double quotes ({@code \n},
 * {@code \r}, {@code \"} escapes; may span lines). Unquoted and double-quoted values expand {@code
 * $VAR} and {@code ${VAR}} from earlier keys of the file, then from the environment ({@code \$}
 * keeps a literal dollar). Not thread-safe; one instance per file.
 */
final class DotEnv {
  private final String text;
  private final Function<String, String> environment;
  private final Map<String, String> values = new LinkedHashMap<>();
  private int pos;
  private int line = 1;

  private DotEnv(String text, Function<String, String> environment) {
    this.text = text.replace("\r\n", "\n");
    this.environment = environment;
  }

  /**
   * Merges the dotenv file {@code envFile} (relative to the working directory, as forgejo-runner
   * reads it relative to its CWD) over {@code envs}; file values win. A missing file, an empty name
   * or a directory is skipped silently, as in forgejo-runner; an unreadable or malformed file is a
   * problem.
   */
  static Map<String, String> merge(
      YamlSection s, Map<String, String> envs, String envFile, LoadContext context) {
    if (envFile.isEmpty()) {
      return envs;
    }
    Path path = context.workingDirectory().resolve(envFile);
    if (!Files.isRegularFile(path)) {
      return envs;
    }
    Map<String, String> merged = new LinkedHashMap<>(envs);
    try {
      merged.putAll(parse(Files.readString(path), context.environment()::get));
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof IOException ? "cannot read it: " + e : e.getMessage();
      s.diagnostics()
          .problem(s.locate("env_file"), s.keyPath("env_file") + ": " + path + ": " + why);
    }
    return merged;
  }

  /**
   * @throws IllegalArgumentException {@code line N: what is wrong}
   */
  static Map<String, String> parse(String text, Function<String, String> environment) {
    DotEnv p = new DotEnv(text, environment);
    p.run();
    return p.values;
  }

  private void run() {
    while (skipBlank()) {
      if (peek() == '#') {
        restOfLine();
        continue;
      }
      if (text.startsWith("export ", pos) || text.startsWith("export\t", pos)) {
        pos += "export ".length();
      }
      int keyLine = line;
      int start = pos;
      while (pos < text.length() && "=:\n".indexOf(peek()) < 0) {
        pos++;
      }
      String key = text.substring(start, pos).strip();
      if (pos >= text.length() || peek() == '\n') {
        throw error(keyLine, "expected KEY=VALUE, got \"" + key + "\"");
      }
      if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
        throw error(keyLine, "invalid variable name \"" + key + "\"");
      }
      pos++;
      while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
        pos++;
      }
      values.put(key, value(keyLine));
    }
  }

  private String value(int keyLine) {
    char q = pos < text.length() ? peek() : '\n';
    if (q != '\'' && q != '"') {
      String raw = restOfLine();
      int comment = raw.indexOf(" #");
      int tabComment = raw.indexOf("\t#");
      if (tabComment >= 0 && (comment < 0 || tabComment < comment)) {
        comment = tabComment;
      }
      return expand((comment >= 0 ? raw.substring(0, comment) : raw).strip());
    }
    int start = ++pos;
    while (pos < text.length() && peek() != q) {
      if (q == '"' && peek() == '\\' && pos + 1 < text.length()) {
        pos++; // the escaped character cannot close the value
      }
      if (peek() == '\n') {
        line++;
      }
      pos++;
    }
    if (pos >= text.length()) {
      throw error(keyLine, "unterminated " + (q == '"' ? "double" : "single") + "-quoted value");
    }
    String raw = text.substring(start, pos++);
    restOfLine(); // anything after the closing quote is ignored, as godotenv does
    return q == '\'' ? raw : expand(unescape(raw));
  }

  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 == raw.length()) {
        out.append(c);
        continue;
      }
      char next = raw.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case '$' -> out.append("\\$"); // left for expand(), which keeps it literal
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  private String expand(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      if (c != '$' || i + 1 == s.length()) {
        out.append(c);
        i++;
        continue;
      }
      boolean braced = s.charAt(i + 1) == '{';
      int start = braced ? i + 2 : i + 1;
      int end = start;
      while (end < s.length() && isNameChar(s.charAt(end))) {
        end++;
      }
      if (end == start || (braced && (end >= s.length() || s.charAt(end) != '}'))) {
        out.append(c);
        i++;
        continue;
      }
      String name = s.substring(start, end);
      String value = values.containsKey(name) ? values.get(name) : environment.apply(name);
      out.append(value == null ? "" : value);
      i = braced ? end + 1 : end;
    }
    return out.toString();
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Skips whitespace and newlines; false at the end of the text. */
  private boolean skipBlank() {
    while (pos < text.length() && Character.isWhitespace(peek())) {
      if (peek() == '\n') {
        line++;
      }
      pos++;
    }
    return pos < text.length();
  }

  /** The text up to the next newline, which is left for {@link #skipBlank()} to count. */
  private String restOfLine() {
    int end = text.indexOf('\n', pos);
    String rest = text.substring(pos, end < 0 ? text.length() : end);
    pos = end < 0 ? text.length() : end;
    return rest;
  }

  private char peek() {
    return text.charAt(pos);
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}
