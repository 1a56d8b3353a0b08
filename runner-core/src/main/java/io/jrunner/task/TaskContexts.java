// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import com.google.protobuf.Struct;
import io.jrunner.exec.Inputs;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.Value;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowTriggers;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskNeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a task's protocol fields into expression contexts: {@code github} from the context Struct
 * (its numbers are doubles; the expression engine prints integral ones as integers), {@code
 * secrets}, {@code vars} and {@code needs}. Stateless.
 */
public final class TaskContexts {
  private TaskContexts() {}

  /**
   * The contexts of a task whose workflow is {@code workflow}: as {@link #of(Task)}, with {@code
   * inputs} built from the event payload's {@code inputs} and the inputs the workflow declares for
   * the task's event ({@code workflow_dispatch}, or {@code workflow_call} for the inner jobs of a
   * reusable workflow the server expanded), typed by their declared types ({@link Inputs}).
   *
   * @throws WorkflowException when the declaration of the inputs is malformed
   */
  public static Map<String, Value> of(Task task, Workflow workflow) throws WorkflowException {
    Map<String, Value> contexts = of(task);
    String event = string(task, "event_name");
    Map<String, Value> given = Map.of();
    if (contexts.get("github") instanceof Value.Obj github
        && github.entries().get("event") instanceof Value.Obj payload
        && payload.entries().get("inputs") instanceof Value.Obj inputs) {
      given = inputs.entries();
    }
    Map<String, WorkflowTriggers.Input> declared =
        switch (event) {
          case "workflow_dispatch" -> WorkflowTriggers.dispatchInputs(workflow);
          case "workflow_call" ->
              WorkflowTriggers.triggeredBy(workflow, "workflow_call")
                  ? WorkflowTriggers.call(workflow).inputs()
                  : Map.of();
          default -> null;
        };
    if (declared != null) {
      contexts.put(
          "inputs", Inputs.ofEvent(declared, given, new Evaluator(EvaluationContext.of(contexts))));
    }
    return contexts;
  }

  /** The contexts of a task, with an empty {@code inputs} context. */
  public static Map<String, Value> of(Task task) {
    Map<String, Value> contexts = new LinkedHashMap<>();
    contexts.put("github", toValue(task.getContext()));
    contexts.put("secrets", strings(task.getSecretsMap()));
    contexts.put("vars", strings(task.getVarsMap()));
    Map<String, Value> needs = new LinkedHashMap<>();
    for (Map.Entry<String, TaskNeed> e : task.getNeedsMap().entrySet()) {
      String result =
          e.getValue().getResult().name().replace("RESULT_", "").toLowerCase(Locale.ROOT);
      needs.put(
          e.getKey(),
          new Value.Obj(
              Map.of(
                  "result", Value.of(result),
                  "outputs", strings(e.getValue().getOutputsMap()))));
    }
    contexts.put("needs", new Value.Obj(needs));
    contexts.put("inputs", new Value.Obj(Map.of()));
    return contexts;
  }

  /** A context value: {@code forgejo_<x>} keys first, then {@code gitea_<x>}. */
  public static String string(Task task, String key) {
    for (String k : List.of("forgejo_" + key, "gitea_" + key, key)) {
      com.google.protobuf.Value v = task.getContext().getFieldsMap().get(k);
      if (v != null && v.hasStringValue() && !v.getStringValue().isEmpty()) {
        return v.getStringValue();
      }
    }
    return "";
  }

  static Value.Obj toValue(Struct struct) {
    Map<String, Value> out = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((k, v) -> out.put(k, toValue(v)));
    return new Value.Obj(out);
  }

  static Value toValue(com.google.protobuf.Value v) {
    return switch (v.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> Value.NULL;
      case NUMBER_VALUE -> Value.of(v.getNumberValue());
      case STRING_VALUE -> Value.of(v.getStringValue());
      case BOOL_VALUE -> Value.of(v.getBoolValue());
      case STRUCT_VALUE -> toValue(v.getStructValue());
      case LIST_VALUE -> {
        List<Value> items = new ArrayList<>();
        v.getListValue().getValuesList().forEach(i -> items.add(toValue(i)));
        yield new Value.Arr(items);
      }
    };
  }

  private static Value.Obj strings(Map<String, String> map) {
    Map<String, Value> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Value.of(v)));
    return new Value.Obj(out);
  }
}
