// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The language-neutral conformance suite under {@code src/test/resources/expr/*.json}: each case is
 * {@code {"expr"|"template"|"condition": …, "contexts": {…}, "status": …, "files": {…}, "result":
 * {"kind", "value"}}} or {@code …, "err": {"kind", "value", "offset"}}} where an error's value is a
 * fragment of its message. Special numbers are written as the strings "NaN", "Infinity" and
 * "-Infinity".
 */
class ConformanceTest {
  static final Path DIR = Path.of("src/test/resources/expr");

  @TestFactory
  Stream<DynamicTest> cases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonArray cases = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        for (int i = 0; i < cases.size(); i++) {
          JsonObject c = cases.get(i).getAsJsonObject();
          String name = file.getFileName() + " #" + i + ": " + label(c);
          tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(500);
    return tests.stream();
  }

  private static String label(JsonObject c) {
    for (String field : List.of("expr", "template", "condition")) {
      if (c.has(field)) {
        String s = c.get(field).getAsString();
        return field + " " + (s.length() > 80 ? s.substring(0, 80) + "…" : s);
      }
    }
    return "?";
  }

  private static void check(JsonObject c) throws Exception {
    Evaluator ev = new Evaluator(context(c));
    if (c.has("err")) {
      JsonObject err = c.getAsJsonObject("err");
      ExpressionException e = catchThrowableOfType(ExpressionException.class, () -> run(c, ev));
      assertThat(e).as("expected an error").isNotNull();
      assertThat(e.kind().name()).isEqualTo(err.get("kind").getAsString());
      assertThat(e.getMessage()).contains(err.get("value").getAsString());
      if (err.has("offset")) {
        assertThat(e.offset()).as("offset").isEqualTo(err.get("offset").getAsInt());
      }
      return;
    }
    JsonObject result = c.getAsJsonObject("result");
    Value actual = run(c, ev);
    assertThat(actual.kind()).as("kind of " + actual).isEqualTo(result.get("kind").getAsString());
    assertThat(normalize(actual)).isEqualTo(normalize(expected(result)));
  }

  private static Value run(JsonObject c, Evaluator ev) throws ExpressionException {
    if (c.has("template")) {
      return Template.parse(c.get("template").getAsString()).evaluate(ev);
    }
    if (c.has("condition")) {
      return Value.of(Condition.parse(c.get("condition").getAsString()).test(ev));
    }
    return ev.evaluate(c.get("expr").getAsString());
  }

  private static Value expected(JsonObject result) throws ExpressionException {
    JsonElement v = result.get("value");
    if (result.get("kind").getAsString().equals("number") && v.getAsJsonPrimitive().isString()) {
      return Value.of(Numbers.parse(v.getAsString()));
    }
    return Json.parse(v.toString());
  }

  /** Numbers compared by value (-0 equals 0), objects by sorted entries. */
  private static Object normalize(Value v) {
    return switch (v) {
      case Value.Num n -> n.value() == 0 ? 0.0 : n.value();
      case Value.Arr a -> a.items().stream().map(ConformanceTest::normalize).toList();
      case Value.Obj o -> {
        Map<String, Object> m = new TreeMap<>();
        o.entries().forEach((k, x) -> m.put(k, normalize(x)));
        yield m;
      }
      case Value.Null n -> "<null>";
      case Value.Bool b -> b.value();
      case Value.Str s -> "'" + s.value() + "'";
    };
  }

  private static EvaluationContext context(JsonObject c) throws ExpressionException {
    Value.Obj contexts =
        c.has("contexts")
            ? (Value.Obj) Json.parse(c.get("contexts").toString())
            : new Value.Obj(Map.of());
    JobStatus.State state =
        c.has("status")
            ? JobStatus.State.valueOf(c.get("status").getAsString().toUpperCase(Locale.ROOT))
            : JobStatus.State.SUCCESS;
    FileHasher files = FileHasher.UNAVAILABLE;
    if (c.has("files")) {
      Map<String, String> content = new TreeMap<>();
      c.getAsJsonObject("files")
          .entrySet()
          .forEach(e -> content.put(e.getKey(), e.getValue().getAsString()));
      files = new HashFiles(new InMemoryFiles(content));
    }
    return new EvaluationContext(contexts, JobStatus.of(state), files);
  }

  /** A workspace held in memory. */
  record InMemoryFiles(Map<String, String> content) implements WorkspaceFiles {
    @Override
    public List<String> list() {
      return List.copyOf(content.keySet());
    }

    @Override
    public InputStream open(String relativePath) {
      return new ByteArrayInputStream(content.get(relativePath).getBytes(StandardCharsets.UTF_8));
    }
  }
}
