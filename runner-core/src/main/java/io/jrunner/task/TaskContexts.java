// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import com.google.protobuf.Struct;
import io.jrunner.expr.Value;
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
