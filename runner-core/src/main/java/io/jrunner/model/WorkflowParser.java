// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Numbers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses a workflow file or a task's {@code workflow_payload} (YAML 1.2, so {@code on:} stays a
 * string key) into a {@link Workflow} with positions. Every {@code ${{ }}} in a string field is
 * syntax-checked; unknown keys become warnings; anything unusable is a {@link WorkflowException}
 * with line and column. YAML limits: see {@link YamlLoader}. Stateless and thread-safe.
 */
public final class WorkflowParser {
  private static final Set<String> KEYS =
      Set.of("name", "run-name", "on", "env", "defaults", "jobs", "permissions", "concurrency");

  private WorkflowParser() {}

  /** Parses {@code yaml}. */
  public static Parsed<Workflow> parse(String yaml) throws WorkflowException {
    ParseContext ctx = new ParseContext();
    Node root = YamlLoader.load(yaml, "the workflow");
    Fields top = Fields.of(root, "", ctx).allow(KEYS);
    top.string("run-name");
    Node jobsNode = top.get("jobs");
    if (jobsNode == null) {
      throw new WorkflowException(top.pos(), "the workflow has no 'jobs'");
    }
    Fields jobsFields = Fields.of(jobsNode, "jobs", ctx);
    if (jobsFields.keys().isEmpty()) {
      throw new WorkflowException(jobsFields.pos(), "jobs: at least one job is required");
    }
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (String id : jobsFields.keys()) {
      Node jobNode = jobsFields.get(id);
      if (jobNode == null) {
        throw new WorkflowException(jobsFields.pos(), "jobs." + id + " is empty");
      }
      jobs.put(id, JobParser.parse(id, jobNode, ctx));
    }
    Workflow w =
        new Workflow(
            top.string("name"),
            top.value("on"),
            top.stringMap("env"),
            defaults(top),
            top.value("permissions"),
            top.value("concurrency"),
            jobs);
    return new Parsed<>(w, ctx.warnings());
  }

  static Defaults defaults(Fields owner) throws WorkflowException {
    Node n = owner.get("defaults");
    if (n == null) {
      return Defaults.NONE;
    }
    Fields d =
        Fields.of(n, Fields.child(owner.path(), "defaults"), owner.ctx()).allow(Set.of("run"));
    Node run = d.get("run");
    if (run == null) {
      return Defaults.NONE;
    }
    Fields r =
        Fields.of(run, Fields.child(d.path(), "run"), owner.ctx())
            .allow(Set.of("shell", "working-directory"));
    return new Defaults(r.string("shell"), r.string("working-directory"));
  }

  static Optional<String> bool(Fields f, String key) throws WorkflowException {
    return f.literalOrExpression(key, "true or false", s -> s.equals("true") || s.equals("false"));
  }

  static Optional<String> number(Fields f, String key) throws WorkflowException {
    return f.literalOrExpression(
        key,
        "a number",
        s -> {
          double d = Numbers.parse(s);
          return !s.isEmpty() && !Double.isNaN(d) && d >= 0;
        });
  }
}
