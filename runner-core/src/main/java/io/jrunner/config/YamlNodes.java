// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small facts about composed YAML nodes, for messages. Stateless. */
final class YamlNodes {
  private YamlNodes() {}

  /**
   * The entries of a mapping by key, in order. A null or missing node is empty; anything else that
   * is not a mapping, a non-scalar key and a duplicate key are problems.
   */
  static Map<String, NodeTuple> index(String path, Node node, Diagnostics diagnostics) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    String where = path.isEmpty() ? "the document" : path;
    if (node == null || isNull(node)) {
      return entries;
    }
    if (!(node instanceof MappingNode mapping)) {
      diagnostics.problem(node, where + ": expected a mapping, got " + kind(node));
      return entries;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        diagnostics.problem(tuple.getKeyNode(), where + ": keys must be plain strings");
        continue;
      }
      NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
      if (first != null) {
        String full = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
        int line = Diagnostics.line(first.getKeyNode());
        diagnostics.problem(key, "duplicate key " + full + " (first defined on line " + line + ")");
      }
    }
    return entries;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  static String quote(ScalarNode s) {
    return "\"" + s.getValue() + "\"";
  }

  static String kind(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> quote(s);
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
