// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems and warnings of one configuration load, each with {@code source:line:} when
 * a YAML node locates it. Not thread-safe: one instance per load.
 */
final class Diagnostics {
  private record Entry(int line, String text) {}

  private final String source;
  private final List<Entry> problems = new ArrayList<>();
  private final List<Entry> warnings = new ArrayList<>();

  Diagnostics(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  /** Records an invalid value; {@code at} may be null when no YAML node is involved. */
  void problem(Node at, String message) {
    problems.add(entry(line(at), message));
  }

  /** Records a problem at a 1-based line (0 = unknown). */
  void problem(int line, String message) {
    problems.add(entry(line, message));
  }

  void warning(Node at, String message) {
    warnings.add(entry(line(at), message));
  }

  /** Throws if any problem was recorded. */
  void throwIfProblems() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(source, render(problems));
    }
  }

  List<String> warnings() {
    return render(warnings);
  }

  /** 1-based line of a node, or 0 when unknown. */
  static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private Entry entry(int line, String message) {
    return new Entry(line, (line > 0 ? source + ":" + line + ": " : source + ": ") + message);
  }

  private static List<String> render(List<Entry> entries) {
    return entries.stream().sorted(Comparator.comparingInt(Entry::line)).map(Entry::text).toList();
  }
}
