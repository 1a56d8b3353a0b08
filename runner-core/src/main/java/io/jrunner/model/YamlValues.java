// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Numbers;
import io.jrunner.expr.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * YAML nodes as expression {@link Value}s (for {@code on}, {@code with}, matrix values, …), by the
 * YAML 1.2 core schema: {@code true}/{@code false} booleans, {@code 0x}/{@code 0o} integers, {@code
 * .inf}/{@code .nan} floats, {@code ~}/{@code null} null. Stateless.
 */
final class YamlValues {
  private YamlValues() {}

  static Value toValue(Node node, ParseContext ctx) throws WorkflowException {
    ctx.visit(node);
    return switch (node) {
      case ScalarNode s -> scalar(s);
      case SequenceNode seq -> {
        List<Value> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
          items.add(toValue(item, ctx));
        }
        yield new Value.Arr(items);
      }
      case MappingNode map -> {
        Map<String, Value> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode key)) {
            throw new WorkflowException(
                SourcePos.of(t.getKeyNode()), "keys must be plain strings, not lists or mappings");
          }
          entries.put(key.getValue(), toValue(t.getValueNode(), ctx));
        }
        yield new Value.Obj(entries);
      }
      default ->
          throw new WorkflowException(
              SourcePos.of(node), "unsupported YAML node " + node.getNodeType());
    };
  }

  static Value scalar(ScalarNode s) {
    String v = s.getValue();
    Tag tag = s.getTag();
    if (Tag.NULL.equals(tag)) {
      return Value.NULL;
    }
    if (Tag.BOOL.equals(tag)) {
      return Value.of(v.equalsIgnoreCase("true"));
    }
    if (Tag.INT.equals(tag)) {
      try {
        return integer(v);
      } catch (NumberFormatException e) {
        // An explicit !!int tag on text that is no integer: keep the text.
        return Value.of(v);
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      String t = v.toLowerCase(Locale.ROOT);
      if (t.endsWith(".nan")) {
        return Value.of(Double.NaN);
      }
      if (t.endsWith(".inf")) {
        return Value.of(t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      }
      double d = Numbers.parse(v);
      return Double.isNaN(d) ? Value.of(v) : Value.of(d);
    }
    return Value.of(v);
  }

  private static Value integer(String v) {
    String t = v.startsWith("+") ? v.substring(1) : v;
    boolean negative = t.startsWith("-");
    String body = negative ? t.substring(1) : t;
    double d =
        body.startsWith("0o")
            ? new BigInteger(body.substring(2), 8).doubleValue()
            : body.startsWith("0x")
                ? new BigInteger(body.substring(2), 16).doubleValue()
                : Double.parseDouble(body);
    return Value.of(negative ? -d : d);
  }
}
