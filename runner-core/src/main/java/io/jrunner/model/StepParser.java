// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Parses one step of a job or of a composite action. Stateless. */
final class StepParser {
  private static final Set<String> KEYS =
      Set.of(
          "id",
          "name",
          "if",
          "uses",
          "run",
          "shell",
          "with",
          "env",
          "working-directory",
          "continue-on-error",
          "timeout-minutes");

  private StepParser() {}

  /**
   * @param composite true inside a composite action, where a run step needs a shell
   */
  static Step parse(Node node, String path, int index, ParseContext ctx, boolean composite)
      throws WorkflowException {
    Fields f = Fields.of(node, path, ctx).allow(KEYS);
    boolean run = f.has("run");
    boolean uses = f.has("uses");
    if (run == uses) {
      throw new WorkflowException(
          f.pos(),
          path
              + (run
                  ? ": a step has either 'run' or 'uses', not both"
                  : ": a step needs 'run' (a script) or 'uses' (an action)"));
    }
    Optional<String> id = f.string("id");
    if (id.isPresent()
        && !id.get().contains("${{")
        && !id.get().matches("[A-Za-z_][A-Za-z0-9_-]*")) {
      throw new WorkflowException(
          SourcePos.of(f.get("id")),
          path
              + ".id: '"
              + id.get()
              + "' must start with a letter or '_' and contain only letters, digits, '-' and '_'");
    }
    Step.Info info =
        new Step.Info(
            index,
            id,
            f.string("name"),
            f.condition("if"),
            f.stringMap("env"),
            WorkflowParser.bool(f, "continue-on-error"),
            WorkflowParser.number(f, "timeout-minutes"),
            f.pos());
    if (uses) {
      for (String key : Set.of("shell", "working-directory")) {
        if (f.has(key)) {
          ctx.warn(f.get(key), path + "." + key + " is ignored on a 'uses' step");
        }
      }
      return new Step.UsesStep(info, f.required("uses"), f.stringMap("with"));
    }
    if (f.has("with")) {
      ctx.warn(f.get("with"), path + ".with is ignored on a 'run' step");
    }
    Optional<String> shell = f.string("shell");
    if (composite && shell.isEmpty()) {
      throw new WorkflowException(
          f.pos(), path + ": a 'run' step of a composite action needs 'shell'");
    }
    return new Step.RunStep(info, f.required("run"), shell, f.string("working-directory"));
  }
}
