// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value of the expression language: the JSON data model. Immutable and thread-safe.
 *
 * <p>Equality of {@link Arr} and {@link Obj} records is structural (useful in tests and for matrix
 * rules); the language's {@code ==} compares them by identity instead, as GitHub documents.
 */
public sealed interface Value
    permits Value.Null, Value.Bool, Value.Num, Value.Str, Value.Arr, Value.Obj {
  Null NULL = new Null();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);

  /** {@code null}. */
  record Null() implements Value {}

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Value {}

  /** Every number is a double, as in JavaScript. */
  record Num(double value) implements Value {}

  /** A string. */
  record Str(String value) implements Value {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An array; the list is copied and unmodifiable. */
  record Arr(List<Value> items) implements Value {
    public Arr {
      items = List.copyOf(items);
    }
  }

  /**
   * An object; keys keep their insertion order and are looked up case-insensitively by {@link
   * #get}, as GitHub's contexts are.
   */
  record Obj(Map<String, Value> entries) implements Value {
    public Obj {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The value under {@code key}, ignoring case (an exact match wins); null when absent. */
    public Value get(String key) {
      Value exact = entries.get(key);
      if (exact != null) {
        return exact;
      }
      for (Map.Entry<String, Value> e : entries.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  static Str of(String s) {
    return new Str(s);
  }

  static Num of(double d) {
    return new Num(d);
  }

  static Bool of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** The type's name as the conformance suite spells it. */
  default String kind() {
    return switch (this) {
      case Null n -> "null";
      case Bool b -> "boolean";
      case Num n -> "number";
      case Str s -> "string";
      case Arr a -> "array";
      case Obj o -> "object";
    };
  }
}
