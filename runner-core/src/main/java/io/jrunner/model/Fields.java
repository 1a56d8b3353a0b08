// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The entries of one YAML mapping, read field by field with type checks that name the path and
 * position. Not thread-safe; one per mapping being parsed.
 */
final class Fields {
  private final Node node;
  private final String path;
  private final ParseContext ctx;
  private final Map<String, NodeTuple> entries;

  private Fields(Node node, String path, ParseContext ctx, Map<String, NodeTuple> entries) {
    this.node = node;
    this.path = path;
    this.ctx = ctx;
    this.entries = entries;
  }

  /** The mapping at {@code node}; anything else is an error. Duplicate keys are errors. */
  static Fields of(Node node, String path, ParseContext ctx) throws WorkflowException {
    ctx.visit(node);
    if (!(node instanceof MappingNode mapping)) {
      throw new WorkflowException(
          SourcePos.of(node),
          (path.isEmpty() ? "the document" : path) + ": expected a mapping, got " + describe(node));
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        throw new WorkflowException(
            SourcePos.of(t.getKeyNode()), path + ": keys must be plain strings");
      }
      NodeTuple first = entries.putIfAbsent(key.getValue(), t);
      if (first != null) {
        throw new WorkflowException(
            SourcePos.of(key),
            child(path, key.getValue())
                + " is defined twice (first at "
                + SourcePos.of(first.getKeyNode())
                + ")");
      }
    }
    return new Fields(node, path, ctx, entries);
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String describe(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "nothing (null)";
      case ScalarNode s -> quote(s.getValue());
      default -> "a " + node.getNodeType();
    };
  }

  /** A value quoted for an error message, cut after 40 characters. */
  static String quote(String value) {
    return "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
  }

  /** Warns about every key not in {@code known}. */
  Fields allow(Set<String> known) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        ctx.warn(
            e.getValue().getKeyNode(), "unknown key " + child(path, e.getKey()) + " (ignored)");
      }
    }
    return this;
  }

  SourcePos pos() {
    return SourcePos.of(node);
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  ParseContext ctx() {
    return ctx;
  }

  Set<String> keys() {
    return entries.keySet();
  }

  /** The value node under {@code key}; null when absent or null. */
  Node get(String key) {
    NodeTuple t = entries.get(key);
    return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** A scalar as written; its {@code ${{ }}} are syntax-checked. */
  Optional<String> string(String key) throws WorkflowException {
    Node n = get(key);
    return n == null ? Optional.empty() : Optional.of(scalar(n, child(path, key)));
  }

  String required(String key) throws WorkflowException {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      throw new WorkflowException(pos(), path + ": '" + key + "' is required");
    }
    return s.get();
  }

  /** An {@code if:} value: a scalar whose condition is syntax-checked. */
  Optional<String> condition(String key) throws WorkflowException {
    Node n = get(key);
    if (n == null) {
      return Optional.empty();
    }
    String text = scalarText(n, child(path, key));
    ParseContext.checkCondition(text, n, child(path, key));
    return Optional.of(text);
  }

  static String scalar(Node n, String path) throws WorkflowException {
    String text = scalarText(n, path);
    ParseContext.checkTemplate(text, n, path);
    return text;
  }

  private static String scalarText(Node n, String path) throws WorkflowException {
    if (!(n instanceof ScalarNode s)) {
      throw new WorkflowException(
          SourcePos.of(n), path + ": expected a string, got " + describe(n));
    }
    return s.getValue();
  }

  /** A mapping of names to scalars ({@code env}, {@code outputs}, a step's {@code with}). */
  Map<String, String> stringMap(String key) throws WorkflowException {
    Node n = get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    Fields map = Fields.of(n, child(path, key), ctx);
    for (String k : map.keys()) {
      Node v = map.entries.get(k).getValueNode();
      out.put(k, isNull(v) ? "" : scalar(v, child(map.path, k)));
    }
    return out;
  }

  /** A scalar or a list of scalars ({@code needs}, {@code runs-on}, {@code ports}). */
  List<String> stringList(String key) throws WorkflowException {
    Node n = get(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        out.add(scalar(seq.getValue().get(i), child(path, key) + "[" + i + "]"));
      }
    } else {
      out.add(scalar(n, child(path, key)));
    }
    return out;
  }

  /** Any value, as an expression value; {@link Value#NULL} when absent. */
  Value value(String key) throws WorkflowException {
    Node n = get(key);
    return n == null ? Value.NULL : YamlValues.toValue(n, ctx);
  }

  /** A mapping of names to any values ({@code with} of a reusable workflow call). */
  Map<String, Value> valueMap(String key) throws WorkflowException {
    Node n = get(key);
    Map<String, Value> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    Fields map = Fields.of(n, child(path, key), ctx);
    for (String k : map.keys()) {
      out.put(k, map.value(k));
    }
    return out;
  }

  /**
   * A scalar that is a literal of some kind or an expression ({@code timeout-minutes}, {@code
   * continue-on-error}).
   */
  Optional<String> literalOrExpression(
      String key, String kind, java.util.function.Predicate<String> ok) throws WorkflowException {
    Optional<String> s = string(key);
    if (s.isPresent() && !s.get().contains("${{") && !ok.test(s.get().strip())) {
      throw new WorkflowException(
          SourcePos.of(get(key)),
          child(path, key)
              + ": expected "
              + kind
              + " or a ${{ }} expression, got "
              + quote(s.get()));
    }
    return s;
  }
}
