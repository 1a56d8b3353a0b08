// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Parses {@code strategy:} and its matrix. Stateless. */
final class StrategyParser {
  private StrategyParser() {}

  static Strategy parse(Fields job) throws WorkflowException {
    String path = job.path() + ".strategy";
    Fields f =
        Fields.of(job.get("strategy"), path, job.ctx())
            .allow(Set.of("matrix", "fail-fast", "max-parallel"));
    Node m = f.get("matrix");
    return new Strategy(
        m == null ? Optional.empty() : Optional.of(matrix(m, path + ".matrix", f.ctx())),
        WorkflowParser.bool(f, "fail-fast"),
        WorkflowParser.number(f, "max-parallel"),
        f.pos());
  }

  private static Strategy.Matrix matrix(Node n, String path, ParseContext ctx)
      throws WorkflowException {
    if (n instanceof ScalarNode s) {
      String text = Fields.scalar(s, path);
      if (!text.contains("${{")) {
        throw new WorkflowException(
            SourcePos.of(n), path + ": expected a mapping or a ${{ }} expression");
      }
      return new Strategy.Matrix(
          Map.of(), List.of(), List.of(), Optional.of(text), SourcePos.of(n));
    }
    Fields f = Fields.of(n, path, ctx);
    Map<String, Value> dimensions = new LinkedHashMap<>();
    for (String key : f.keys()) {
      if (key.equals("include") || key.equals("exclude")) {
        continue;
      }
      Node d = f.get(key);
      String dpath = path + "." + key;
      if (d instanceof ScalarNode s && Fields.scalar(s, dpath).contains("${{")) {
        dimensions.put(key, Value.of(s.getValue()));
      } else if (d instanceof SequenceNode) {
        Value v = f.value(key);
        checkStrings(v, d, dpath);
        dimensions.put(key, v);
      } else {
        throw new WorkflowException(
            SourcePos.of(d == null ? f.node() : d),
            dpath
                + ": a matrix dimension must be a list of values, got "
                + (d == null ? "nothing" : Fields.describe(d)));
      }
    }
    return new Strategy.Matrix(
        dimensions, entries(f, "include"), entries(f, "exclude"), Optional.empty(), f.pos());
  }

  private static List<Map<String, Value>> entries(Fields f, String key) throws WorkflowException {
    Node n = f.get(key);
    List<Map<String, Value>> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String path = f.path() + "." + key;
    if (!(n instanceof SequenceNode seq)) {
      throw new WorkflowException(
          SourcePos.of(n), path + ": expected a list of mappings, got " + Fields.describe(n));
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      Value v = YamlValues.toValue(item, f.ctx());
      if (!(v instanceof Value.Obj o)) {
        throw new WorkflowException(
            SourcePos.of(item),
            path + "[" + i + "]: expected a mapping, got " + Fields.describe(item));
      }
      checkStrings(v, item, path + "[" + i + "]");
      out.add(o.entries());
    }
    return out;
  }

  /** Syntax-checks expressions inside matrix values. */
  private static void checkStrings(Value v, Node node, String path) throws WorkflowException {
    switch (v) {
      case Value.Str s -> ParseContext.checkTemplate(s.value(), node, path);
      case Value.Arr a -> {
        for (Value item : a.items()) {
          checkStrings(item, node, path);
        }
      }
      case Value.Obj o -> {
        for (Value item : o.entries().values()) {
          checkStrings(item, node, path);
        }
      }
      case Value.Null x -> {}
      case Value.Bool x -> {}
      case Value.Num x -> {}
    }
  }
}
