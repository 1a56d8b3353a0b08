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
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Parses one job: its scalars, {@code runs-on}, containers, strategy and steps. Stateless. */
final class JobParser {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "runs-on",
          "container",
          "services",
          "env",
          "defaults",
          "outputs",
          "if",
          "needs",
          "permissions",
          "concurrency",
          "environment",
          "uses",
          "with",
          "secrets",
          "timeout-minutes",
          "continue-on-error",
          "strategy",
          "steps");
  private static final Set<String> CONTAINER_KEYS =
      Set.of("image", "credentials", "env", "ports", "volumes", "options");

  private JobParser() {}

  static Job parse(String id, Node node, ParseContext ctx) throws WorkflowException {
    String path = "jobs." + id;
    Fields f = Fields.of(node, path, ctx).allow(KEYS);
    Optional<String> uses = f.string("uses");
    if (uses.isPresent() && f.has("steps")) {
      throw new WorkflowException(
          f.pos(), path + ": a job that calls a reusable workflow ('uses') cannot have 'steps'");
    }
    if (uses.isEmpty() && !f.has("runs-on")) {
      throw new WorkflowException(f.pos(), path + ": 'runs-on' is required");
    }
    if (uses.isEmpty() && !f.has("steps")) {
      throw new WorkflowException(f.pos(), path + ": 'steps' is required");
    }
    Map<String, ContainerSpec> services = new LinkedHashMap<>();
    Node servicesNode = f.get("services");
    if (servicesNode != null) {
      Fields s = Fields.of(servicesNode, path + ".services", ctx);
      for (String name : s.keys()) {
        Node n = s.get(name);
        if (n == null) {
          throw new WorkflowException(s.pos(), path + ".services." + name + " is empty");
        }
        services.put(name, container(n, path + ".services." + name, ctx));
      }
    }
    Node container = f.get("container");
    return new Job(
        id,
        f.string("name"),
        f.has("runs-on") ? Optional.of(runsOn(f)) : Optional.empty(),
        container == null
            ? Optional.empty()
            : Optional.of(container(container, path + ".container", ctx)),
        services,
        f.stringMap("env"),
        WorkflowParser.defaults(f),
        f.stringMap("outputs"),
        f.condition("if"),
        f.stringList("needs"),
        f.value("permissions"),
        f.value("concurrency"),
        f.value("environment"),
        uses,
        f.valueMap("with"),
        secrets(f),
        WorkflowParser.number(f, "timeout-minutes"),
        WorkflowParser.bool(f, "continue-on-error"),
        f.has("strategy") ? Optional.of(StrategyParser.parse(f)) : Optional.empty(),
        steps(f, ctx),
        f.pos());
  }

  private static Value secrets(Fields f) throws WorkflowException {
    Node n = f.get("secrets");
    if (n == null) {
      return Value.NULL;
    }
    if (n instanceof ScalarNode s && !s.getValue().equals("inherit")) {
      throw new WorkflowException(
          SourcePos.of(n),
          f.path() + ".secrets: expected 'inherit' or a mapping, got " + Fields.describe(n));
    }
    if (n instanceof ScalarNode) {
      return Value.of("inherit");
    }
    f.stringMap("secrets");
    return f.value("secrets");
  }

  private static RunsOn runsOn(Fields f) throws WorkflowException {
    Node n = f.get("runs-on");
    String path = f.path() + ".runs-on";
    return switch (n) {
      case ScalarNode s ->
          new RunsOn(List.of(Fields.scalar(s, path)), Optional.empty(), SourcePos.of(n));
      case SequenceNode seq ->
          new RunsOn(f.stringList("runs-on"), Optional.empty(), SourcePos.of(n));
      case MappingNode m -> {
        Fields r = Fields.of(m, path, f.ctx()).allow(Set.of("group", "labels"));
        if (!r.has("group") && !r.has("labels")) {
          throw new WorkflowException(SourcePos.of(n), path + ": expected 'group' or 'labels'");
        }
        yield new RunsOn(r.stringList("labels"), r.string("group"), SourcePos.of(n));
      }
      default ->
          throw new WorkflowException(
              SourcePos.of(n), path + ": expected a label, a list or a mapping");
    };
  }

  static ContainerSpec container(Node n, String path, ParseContext ctx) throws WorkflowException {
    if (n instanceof ScalarNode s) {
      return new ContainerSpec(
          Fields.scalar(s, path),
          Optional.empty(),
          Map.of(),
          List.of(),
          List.of(),
          Optional.empty(),
          SourcePos.of(n));
    }
    Fields c = Fields.of(n, path, ctx).allow(CONTAINER_KEYS);
    Optional<ContainerSpec.Credentials> credentials = Optional.empty();
    Node cred = c.get("credentials");
    if (cred != null) {
      Fields cf = Fields.of(cred, path + ".credentials", ctx).allow(Set.of("username", "password"));
      credentials =
          Optional.of(
              new ContainerSpec.Credentials(cf.required("username"), cf.required("password")));
    }
    return new ContainerSpec(
        c.required("image"),
        credentials,
        c.stringMap("env"),
        c.stringList("ports"),
        c.stringList("volumes"),
        c.string("options"),
        c.pos());
  }

  private static List<Step> steps(Fields f, ParseContext ctx) throws WorkflowException {
    Node n = f.get("steps");
    List<Step> steps = new ArrayList<>();
    if (n == null) {
      return steps;
    }
    if (!(n instanceof SequenceNode seq)) {
      throw new WorkflowException(
          SourcePos.of(n), f.path() + ".steps: expected a list, got " + Fields.describe(n));
    }
    for (Node item : seq.getValue()) {
      if (Fields.isNull(item)) {
        continue;
      }
      steps.add(
          StepParser.parse(
              item, f.path() + ".steps[" + steps.size() + "]", steps.size(), ctx, false));
    }
    if (steps.isEmpty()) {
      throw new WorkflowException(
          SourcePos.of(n), f.path() + ".steps: at least one step is required");
    }
    return steps;
  }
}
