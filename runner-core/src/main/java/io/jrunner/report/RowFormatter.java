// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a line of job output into log row content as forgejo-runner does (protocol.md §5.10):
 * trailing {@code \r}/{@code \n} trimmed, lone surrogates (what invalid UTF-8 becomes) replaced by
 * {@code ?}, and the workflow commands that reach the reporter applied: {@code ::add-mask::} adds a
 * secret and is dropped, {@code ::debug::} is shown only with step debug on, {@code ::group::} and
 * {@code ::endgroup::} become {@code ##[group]}/{@code ##[endgroup]}, {@code ::stop-commands::}
 * passes commands through verbatim until its token comes back (both lines dropped); anything else
 * is kept verbatim. {@link #split} cuts rows over 64 KiB, which Forgejo would truncate.
 *
 * <p>Threading: not thread-safe (it remembers {@code stop-commands}); one per task, used under the
 * reporter's lock.
 */
public final class RowFormatter {
  /** Forgejo truncates a stored row beyond this many UTF-8 bytes. */
  public static final int MAX_ROW_BYTES = 64 * 1024;

  private static final Pattern COMMAND = Pattern.compile("^::([^ :]+)( .*)?::(.*)$");

  /** What a line becomes. */
  public sealed interface Formatted {
    /** A row to store. */
    record Row(String content) implements Formatted {}

    /** A value to mask; the line itself is not stored. */
    record Mask(String value) implements Formatted {}

    /** Nothing to store. */
    record Dropped() implements Formatted {}
  }

  private final boolean stepDebug;
  private String stopToken;

  /**
   * @param stepDebug whether {@code ACTIONS_STEP_DEBUG} is on (then {@code ::debug::} is shown)
   */
  public RowFormatter(boolean stepDebug) {
    this.stepDebug = stepDebug;
  }

  /** Formats one line of output. */
  public Formatted format(String line) {
    String text = sanitize(line);
    if (stopToken != null) {
      if (text.equals("::" + stopToken + "::")) {
        stopToken = null;
        return new Formatted.Dropped();
      }
      return new Formatted.Row(text);
    }
    Matcher m = COMMAND.matcher(text);
    if (!m.matches()) {
      return new Formatted.Row(text);
    }
    String value = m.group(3);
    return switch (m.group(1)) {
      case "add-mask" -> new Formatted.Mask(value.strip());
      case "debug" -> stepDebug ? new Formatted.Row(value) : new Formatted.Dropped();
      case "group" -> new Formatted.Row("##[group]" + value);
      case "endgroup" -> new Formatted.Row("##[endgroup]");
      case "stop-commands" -> {
        if (value.isEmpty()) {
          yield new Formatted.Row(text);
        }
        stopToken = value;
        yield new Formatted.Dropped();
      }
      default -> new Formatted.Row(text);
    };
  }

  /** Trailing CR/LF removed, lone surrogates replaced by {@code ?}. */
  public static String sanitize(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    StringBuilder b = null;
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      boolean lone =
          Character.isHighSurrogate(c)
              ? i + 1 >= end || !Character.isLowSurrogate(line.charAt(i + 1))
              : Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(line.charAt(i - 1)));
      if (lone && b == null) {
        b = new StringBuilder(end).append(line, 0, i);
      }
      if (b != null) {
        b.append(lone ? '?' : c);
      }
    }
    return b != null ? b.toString() : line.substring(0, end);
  }

  /** {@code row} cut into pieces of at most {@link #MAX_ROW_BYTES} UTF-8 bytes, never mid-char. */
  public static List<String> split(String row) {
    if (row.length() * 3L <= MAX_ROW_BYTES
        || row.getBytes(StandardCharsets.UTF_8).length <= MAX_ROW_BYTES) {
      return List.of(row);
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int bytes = 0;
    for (int i = 0; i < row.length(); ) {
      int cp = row.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > MAX_ROW_BYTES) {
        out.add(row.substring(start, i));
        start = i;
        bytes = 0;
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    out.add(row.substring(start));
    return out;
  }
}
