// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Coercion;
import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a workflow's {@code on:} declares for {@code workflow_dispatch} and {@code workflow_call}:
 * their inputs, and the secrets and outputs of a reusable workflow. Stateless.
 */
public final class WorkflowTriggers {
  private static final Set<String> TYPES = Set.of("string", "boolean", "number", "choice");

  private WorkflowTriggers() {}

  /**
   * A declared input.
   *
   * @param type {@code string}, {@code boolean}, {@code number} or {@code choice} ({@code
   *     environment} is read as {@code string})
   * @param defaultValue the {@code default:} as written (may hold {@code ${{ }}}), null if absent
   * @param options the {@code options:} of a choice
   */
  public record Input(
      String name, String type, boolean required, Value defaultValue, List<String> options) {
    public Input {
      options = List.copyOf(options);
    }
  }

  /**
   * What {@code on.workflow_call} declares.
   *
   * @param secrets secret name → required
   * @param outputs output name → its {@code value:} (an expression over {@code jobs})
   */
  public record Call(
      Map<String, Input> inputs, Map<String, Boolean> secrets, Map<String, String> outputs) {}

  /** True when {@code on:} names the event. */
  public static boolean triggeredBy(Workflow workflow, String event) {
    return switch (workflow.on()) {
      case Value.Str s -> s.value().equals(event);
      case Value.Arr a -> a.items().stream().anyMatch(i -> Coercion.toStr(i).equals(event));
      case Value.Obj o -> o.entries().containsKey(event);
      default -> false;
    };
  }

  /** The inputs {@code on.workflow_dispatch.inputs} declares, in order (empty if none). */
  public static Map<String, Input> dispatchInputs(Workflow workflow) throws WorkflowException {
    return inputs(section(workflow, "workflow_dispatch"), "on.workflow_dispatch.inputs");
  }

  /**
   * What {@code on.workflow_call} declares.
   *
   * @throws WorkflowException when {@code on:} has no {@code workflow_call} or a declaration is
   *     malformed
   */
  public static Call call(Workflow workflow) throws WorkflowException {
    if (!triggeredBy(workflow, "workflow_call")) {
      throw new WorkflowException(
          SourcePos.START, "it is not a reusable workflow: its 'on:' has no workflow_call");
    }
    Value.Obj call = section(workflow, "workflow_call");
    Map<String, Boolean> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : mapping(call, "secrets", "on.workflow_call").entrySet()) {
      Map<String, Value> decl = mapping(e.getValue(), "on.workflow_call.secrets." + e.getKey());
      secrets.put(e.getKey(), Coercion.truthy(decl.getOrDefault("required", Value.FALSE)));
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : mapping(call, "outputs", "on.workflow_call").entrySet()) {
      Map<String, Value> decl = mapping(e.getValue(), "on.workflow_call.outputs." + e.getKey());
      if (!(decl.get("value") instanceof Value.Str v)) {
        throw new WorkflowException(
            SourcePos.START, "on.workflow_call.outputs." + e.getKey() + ": 'value' is required");
      }
      outputs.put(e.getKey(), v.value());
    }
    return new Call(inputs(call, "on.workflow_call.inputs"), secrets, outputs);
  }

  private static Value.Obj section(Workflow workflow, String event) {
    return workflow.on() instanceof Value.Obj o && o.entries().get(event) instanceof Value.Obj s
        ? s
        : new Value.Obj(Map.of());
  }

  private static Map<String, Input> inputs(Value.Obj section, String path)
      throws WorkflowException {
    Map<String, Input> out = new LinkedHashMap<>();
    String parent = path.substring(0, path.lastIndexOf('.'));
    for (Map.Entry<String, Value> e : mapping(section, "inputs", parent).entrySet()) {
      String at = path + "." + e.getKey();
      Map<String, Value> decl = mapping(e.getValue(), at);
      String type = decl.containsKey("type") ? Coercion.toStr(decl.get("type")) : "string";
      if (type.equals("environment")) {
        type = "string";
      }
      if (!TYPES.contains(type)) {
        throw new WorkflowException(
            SourcePos.START,
            at + ".type: '" + type + "' is not one of string, boolean, number, choice");
      }
      List<String> options = new ArrayList<>();
      if (decl.get("options") instanceof Value.Arr a) {
        a.items().forEach(i -> options.add(Coercion.toStr(i)));
      }
      out.put(
          e.getKey(),
          new Input(
              e.getKey(),
              type,
              Coercion.truthy(decl.getOrDefault("required", Value.FALSE)),
              decl.getOrDefault("default", null),
              options));
    }
    return out;
  }

  private static Map<String, Value> mapping(Value.Obj owner, String key, String path)
      throws WorkflowException {
    Value v = owner.entries().get(key);
    return v == null || v instanceof Value.Null ? Map.of() : mapping(v, path + "." + key);
  }

  private static Map<String, Value> mapping(Value v, String path) throws WorkflowException {
    if (v == null || v instanceof Value.Null) {
      return Map.of();
    }
    if (v instanceof Value.Obj o) {
      return o.entries();
    }
    throw new WorkflowException(SourcePos.START, path + ": expected a mapping");
  }
}
