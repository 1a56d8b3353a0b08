// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed, located reads of one YAML mapping of {@code config.yaml}. A missing key and an explicit
 * null both mean "use the default", as with Go's yaml.v3 into zero values. Wrong types and
 * duplicate keys become problems in the shared {@link Diagnostics}; keys never read become "unknown
 * key" warnings in {@link #warnUnknownKeys()}. Not thread-safe.
 */
final class YamlSection {
  /** Extra words for keys that are known elsewhere but not supported by jrunner. */
  private static final Map<String, String> HINTS =
      Map.of(
          "server",
          " (forgejo-runner v13 server.connections is not supported by jrunner; ignored)",
          "cache.secret_url",
          " (not supported by jrunner; use cache.secret; ignored)");

  /** YAML 1.2's true/false, plus the YAML 1.1 words yaml.v3 still accepts for bool fields. */
  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "y");

  private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off", "n");

  private final String path;
  private final Diagnostics diagnostics;
  private final Map<String, NodeTuple> entries;
  private final Set<String> read = new HashSet<>();

  /**
   * @param path dotted path of this mapping ({@code ""} for the root)
   * @param node the mapping, or null for a missing or null section
   */
  YamlSection(String path, Node node, Diagnostics diagnostics) {
    this.path = path;
    this.diagnostics = diagnostics;
    this.entries = YamlNodes.index(path, node, diagnostics);
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The sub-mapping at {@code key}; empty when missing. */
  YamlSection section(String key) {
    return new YamlSection(keyPath(key), value(key), diagnostics);
  }

  /** The value node at {@code key}, or null when missing or null; marks the key as read. */
  Node value(String key) {
    read.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null || YamlNodes.isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
  }

  /** The value node at {@code key} (even a null one) to locate a problem; null when missing. */
  Node locate(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  String string(String key, String fallback) {
    Node node = value(key);
    if (node == null) {
      return fallback;
    }
    return node instanceof ScalarNode s ? s.getValue() : wrongType(key, node, "a string", fallback);
  }

  /** A string where an empty value also means the default (forgejo-runner's {@code == ""}). */
  String nonEmptyString(String key, String fallback) {
    String s = string(key, fallback);
    return s.isEmpty() ? fallback : s;
  }

  /** A file path; an empty string means {@code fallback} (which may be null). */
  Path path(String key, Path fallback) {
    String s = string(key, "");
    if (s.isEmpty()) {
      return fallback;
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      diagnostics.problem(locate(key), keyPath(key) + ": invalid path \"" + s + "\"");
      return fallback;
    }
  }

  boolean bool(String key, boolean fallback) {
    Node node = value(key);
    if (node == null) {
      return fallback;
    }
    if (node instanceof ScalarNode s) {
      String word = s.getValue().toLowerCase(Locale.ROOT);
      if (TRUE_WORDS.contains(word) || FALSE_WORDS.contains(word)) {
        return TRUE_WORDS.contains(word);
      }
      diagnostics.problem(
          node, keyPath(key) + ": expected true or false, got " + YamlNodes.quote(s));
      return fallback;
    }
    return wrongType(key, node, "true or false", fallback);
  }

  /** An integer in {@code [min, max]}; outside it (or not an integer) is a problem. */
  long integer(String key, long fallback, long min, long max) {
    Node node = value(key);
    if (node == null) {
      return fallback;
    }
    if (!(node instanceof ScalarNode s)) {
      return wrongType(key, node, "an integer", fallback);
    }
    long value;
    try {
      value = Long.parseLong(s.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      diagnostics.problem(node, keyPath(key) + ": expected an integer, got " + YamlNodes.quote(s));
      return fallback;
    }
    if (value < min || value > max) {
      diagnostics.problem(
          node, keyPath(key) + ": " + value + " is out of range (" + min + " to " + max + ")");
      return fallback;
    }
    return value;
  }

  /** A Go duration; null when missing (the caller applies forgejo-runner's fallback rule). */
  Duration duration(String key) {
    Node node = value(key);
    if (node == null) {
      return null;
    }
    if (!(node instanceof ScalarNode s)) {
      return wrongType(key, node, "a duration such as 3h or 500ms", null);
    }
    try {
      return GoDuration.parse(s.getValue());
    } catch (IllegalArgumentException e) {
      diagnostics.problem(node, keyPath(key) + ": " + e.getMessage());
      return null;
    }
  }

  /** A list of strings (null items read as {@code ""}); empty when missing. */
  List<String> strings(String key) {
    Node node = value(key);
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof SequenceNode seq)) {
      return wrongType(key, node, "a list", List.of());
    }
    List<String> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      if (item instanceof ScalarNode s) {
        out.add(YamlNodes.isNull(s) ? "" : s.getValue());
      } else {
        diagnostics.problem(item, keyPath(key) + ": list items must be strings");
      }
    }
    return out;
  }

  /** A string-to-string mapping (scalars taken as written, null as {@code ""}). */
  Map<String, String> stringMap(String key) {
    Node node = value(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof MappingNode mapping)) {
      return wrongType(key, node, "a mapping", out);
    }
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
        out.put(k.getValue(), YamlNodes.isNull(v) ? "" : v.getValue());
      } else {
        diagnostics.problem(t.getKeyNode(), keyPath(key) + ": keys and values must be strings");
      }
    }
    return out;
  }

  /** Warns about every key of this mapping that no read asked for. */
  void warnUnknownKeys() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!read.contains(e.getKey())) {
        String full = keyPath(e.getKey());
        String hint = HINTS.getOrDefault(full, "");
        diagnostics.warning(e.getValue().getKeyNode(), "unknown key " + full + hint);
      }
    }
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private <T> T wrongType(String key, Node node, String expected, T fallback) {
    diagnostics.problem(
        node, keyPath(key) + ": expected " + expected + ", got " + YamlNodes.kind(node));
    return fallback;
  }
}
