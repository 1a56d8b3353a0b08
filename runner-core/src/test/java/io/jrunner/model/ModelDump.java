// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Numbers;
import io.jrunner.expr.Value;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A canonical text dump of model records for golden files: one line per field, positions as
 * {@code @line:column}, empty optionals, lists and maps and null values left out.
 */
final class ModelDump {
  private ModelDump() {}

  static String dump(Object o) {
    StringBuilder out = new StringBuilder();
    write(null, o, "", out);
    return out.toString();
  }

  private static void write(String name, Object o, String indent, StringBuilder out) {
    String prefix = indent + (name == null ? "" : name + ": ");
    switch (o) {
      case Optional<?> opt -> opt.ifPresent(v -> write(name, v, indent, out));
      case SourcePos p ->
          out.append(prefix)
              .append('@')
              .append(p.line())
              .append(':')
              .append(p.column())
              .append('\n');
      case Value v -> {
        if (!(v instanceof Value.Null)) {
          out.append(prefix).append(json(v)).append('\n');
        }
      }
      case Map<?, ?> m -> {
        if (!m.isEmpty()) {
          out.append(prefix.stripTrailing()).append('\n');
          m.forEach((k, v) -> write(String.valueOf(k), v, indent + "  ", out));
        }
      }
      case Collection<?> c -> {
        if (!c.isEmpty()) {
          out.append(prefix.stripTrailing()).append('\n');
          int i = 0;
          for (Object item : c) {
            write("[" + i++ + "]", item, indent + "  ", out);
          }
        }
      }
      case Record r -> {
        out.append(prefix).append(r.getClass().getSimpleName()).append('\n');
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
          try {
            write(rc.getName(), rc.getAccessor().invoke(r), indent + "  ", out);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      case String s -> out.append(prefix).append(quote(s)).append('\n');
      default -> out.append(prefix).append(o).append('\n');
    }
  }

  static String json(Value v) {
    return switch (v) {
      case Value.Null n -> "null";
      case Value.Bool b -> String.valueOf(b.value());
      case Value.Num n -> Numbers.format(n.value());
      case Value.Str s -> quote(s.value());
      case Value.Arr a ->
          a.items().stream().map(ModelDump::json).collect(Collectors.joining(", ", "[", "]"));
      case Value.Obj o ->
          o.entries().entrySet().stream()
              .map(e -> quote(e.getKey()) + ": " + json(e.getValue()))
              .collect(Collectors.joining(", ", "{", "}"));
    };
  }

  static String quote(String s) {
    return "\""
        + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")
        + "\"";
  }

  static String combos(List<Map<String, Value>> combos) {
    StringBuilder out = new StringBuilder();
    for (Map<String, Value> c : combos) {
      out.append("  ").append(json(new Value.Obj(c))).append('\n');
    }
    return out.toString();
  }
}
