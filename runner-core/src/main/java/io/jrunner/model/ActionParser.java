// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Parses {@code action.yml} / {@code action.yaml} metadata, with the same limits, warnings and
 * errors as {@link WorkflowParser}. Stateless and thread-safe.
 */
public final class ActionParser {
  private static final Set<String> KEYS =
      Set.of("name", "description", "author", "inputs", "outputs", "runs", "branding");
  private static final Set<String> NODE_VERSIONS = Set.of("node12", "node16", "node20", "node24");

  private ActionParser() {}

  public static Parsed<ActionMetadata> parse(String yaml) throws WorkflowException {
    ParseContext ctx = new ParseContext();
    Fields top = Fields.of(YamlLoader.load(yaml, "the action metadata"), "", ctx).allow(KEYS);
    Map<String, ActionMetadata.Input> inputs = new LinkedHashMap<>();
    Node in = top.get("inputs");
    if (in != null) {
      Fields all = Fields.of(in, "inputs", ctx);
      for (String id : all.keys()) {
        Node n = all.get(id);
        if (n == null) {
          inputs.put(
              id,
              new ActionMetadata.Input(
                  id, Optional.empty(), false, Optional.empty(), Optional.empty(), all.pos()));
          continue;
        }
        Fields f =
            Fields.of(n, "inputs." + id, ctx)
                .allow(Set.of("description", "required", "default", "deprecationMessage"));
        Optional<String> required = WorkflowParser.bool(f, "required");
        inputs.put(
            id,
            new ActionMetadata.Input(
                id,
                f.string("description"),
                required.map(Boolean::parseBoolean).orElse(false),
                f.string("default"),
                f.string("deprecationMessage"),
                f.pos()));
      }
    }
    Map<String, ActionMetadata.Output> outputs = new LinkedHashMap<>();
    Node out = top.get("outputs");
    if (out != null) {
      Fields all = Fields.of(out, "outputs", ctx);
      for (String id : all.keys()) {
        Node n = all.get(id);
        Fields f =
            n == null
                ? null
                : Fields.of(n, "outputs." + id, ctx).allow(Set.of("description", "value"));
        outputs.put(
            id,
            new ActionMetadata.Output(
                id,
                f == null ? Optional.empty() : f.string("description"),
                f == null ? Optional.empty() : f.string("value"),
                f == null ? all.pos() : f.pos()));
      }
    }
    Node runs = top.get("runs");
    if (runs == null) {
      throw new WorkflowException(top.pos(), "the action has no 'runs'");
    }
    ActionMetadata meta =
        new ActionMetadata(
            top.string("name").orElse(""),
            top.string("description"),
            inputs,
            outputs,
            runs(runs, ctx));
    return new Parsed<>(meta, ctx.warnings());
  }

  private static ActionMetadata.Runs runs(Node node, ParseContext ctx) throws WorkflowException {
    Fields f = Fields.of(node, "runs", ctx);
    String using = f.required("using");
    String u = using.toLowerCase(Locale.ROOT);
    if (NODE_VERSIONS.contains(u)) {
      f.allow(Set.of("using", "main", "pre", "pre-if", "post", "post-if"));
      return new ActionMetadata.NodeRuns(
          u,
          f.required("main"),
          f.string("pre"),
          f.condition("pre-if"),
          f.string("post"),
          f.condition("post-if"),
          f.pos());
    }
    if (u.equals("composite")) {
      f.allow(Set.of("using", "steps"));
      Node s = f.get("steps");
      if (!(s instanceof SequenceNode seq)) {
        throw new WorkflowException(
            f.pos(), "runs.steps: a composite action needs a list of steps");
      }
      List<Step> steps = new ArrayList<>();
      for (Node item : seq.getValue()) {
        steps.add(
            StepParser.parse(item, "runs.steps[" + steps.size() + "]", steps.size(), ctx, true));
      }
      return new ActionMetadata.CompositeRuns(steps, f.pos());
    }
    if (u.equals("docker")) {
      f.allow(
          Set.of(
              "using",
              "image",
              "entrypoint",
              "args",
              "env",
              "pre-entrypoint",
              "pre-if",
              "post-entrypoint",
              "post-if"));
      return new ActionMetadata.DockerRuns(
          f.required("image"),
          f.string("entrypoint"),
          f.stringList("args"),
          f.stringMap("env"),
          f.string("pre-entrypoint"),
          f.condition("pre-if"),
          f.string("post-entrypoint"),
          f.condition("post-if"),
          f.pos());
    }
    throw new WorkflowException(
        SourcePos.of(f.get("using")),
        "runs.using: '"
            + using
            + "' is not supported; expected node12, node16, node20, node24, composite or docker");
  }
}
