// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import static io.jrunner.expr.Gens.chars;
import static io.jrunner.expr.Gens.pick;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import io.jrunner.client.Codec;
import io.jrunner.expr.ClearLine;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Gens;
import io.jrunner.expr.Tries;
import io.jrunner.expr.Value;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowParser;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.Task;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based hostile input for the task payload: random and mutated protobuf and JSON bytes
 * into the decoding of a fetch answer (only {@link InvalidProtocolBufferException}), and random
 * {@link Struct} contexts, secrets and inputs into the contexts a task is run with ({@link
 * TaskContexts}): only {@link WorkflowException} escapes, and expressions over those contexts end
 * in a value or an {@link ExpressionException} of one clear line.
 */
class TaskPayloadPropertyTest {
  private static final String DISPATCH =
      "on:\n  workflow_dispatch:\n    inputs:\n      n: {type: number}\n      b: {type: boolean}\n"
          + "      c: {type: choice, options: [a, b]}\n      s: {default: x}\njobs:\n"
          + "  j:\n    runs-on: x\n    steps: [{run: echo}]\n";
  private static final String[] EXPRESSIONS = {
    "toJSON(github)",
    "github.event.inputs.n",
    "inputs.n + 1",
    "inputs.b && inputs.c",
    "join(github.event.*.name, ',')",
    "fromJSON(toJSON(github.event))",
    "format('{0}', github.event.x[0])",
    "contains(toJSON(secrets), 'x')",
    "needs.build.outputs.x"
  };

  private final Tries tries = new Tries();

  @AfterEach
  void stop() {
    tries.close();
  }

  @Test
  void randomAndMutatedBytes_decodeOrFailTyped() throws Exception {
    byte[] valid =
        Codec.PROTO.encode(FetchTaskResponse.newBuilder().setTask(task(new Random(1), 3)).build());
    byte[] json =
        Codec.JSON.encode(FetchTaskResponse.newBuilder().setTask(task(new Random(2), 3)).build());
    tries.forAll(
        "payload bytes",
        2000,
        r -> {
          byte[] base = r.nextBoolean() ? valid : json;
          byte[] out =
              switch (r.nextInt(4)) {
                case 0 -> {
                  byte[] b = new byte[r.nextInt(300)];
                  r.nextBytes(b);
                  yield b;
                }
                case 1 -> java.util.Arrays.copyOf(base, r.nextInt(base.length + 1));
                default -> {
                  byte[] b = base.clone();
                  for (int i = 1 + r.nextInt(6); i > 0; i--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                  }
                  yield b;
                }
              };
          return new Bytes(out);
        },
        bytes -> {
          for (Codec codec : Codec.values()) {
            try {
              Task task = codec.decode(bytes.value(), FetchTaskResponse.newBuilder()).getTask();
              contexts(task);
            } catch (InvalidProtocolBufferException expected) {
              assertThat(expected.getMessage()).isNotBlank();
            }
          }
        });
  }

  @Test
  void deeplyNestedContext_failsTyped() throws Exception {
    tries.forAll(
        "nesting",
        20,
        r -> {
          Struct s = Struct.getDefaultInstance();
          int depth = 50 + r.nextInt(200);
          for (int i = 0; i < depth; i++) {
            s =
                Struct.newBuilder()
                    .putFields(
                        "x", com.google.protobuf.Value.newBuilder().setStructValue(s).build())
                    .build();
          }
          return new Bytes(
              FetchTaskResponse.newBuilder()
                  .setTask(Task.newBuilder().setId(1).setContext(s))
                  .build()
                  .toByteArray());
        },
        bytes -> {
          try {
            contexts(Codec.PROTO.decode(bytes.value(), FetchTaskResponse.newBuilder()).getTask());
          } catch (InvalidProtocolBufferException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        });
  }

  @Test
  void contextNestedFarBeyondProtobufsDefaultLimit_decodesInTheBinaryCodec() throws Exception {
    Struct s = Struct.newBuilder().putFields("leaf", str("deep")).build();
    int depth = 300; // 900 message levels: protobuf-java's default limit is 100
    for (int i = 0; i < depth; i++) {
      s =
          Struct.newBuilder()
              .putFields("x", com.google.protobuf.Value.newBuilder().setStructValue(s).build())
              .build();
    }
    Struct context = Struct.newBuilder().putFields("event", structValue(s)).build();
    FetchTaskResponse response =
        FetchTaskResponse.newBuilder()
            .setTask(Task.newBuilder().setId(7).setContext(context))
            .build();
    for (Codec codec : new Codec[] {Codec.PROTO}) {
      Task task = codec.decode(codec.encode(response), FetchTaskResponse.newBuilder()).getTask();
      assertThat(task.getId()).as(codec.name()).isEqualTo(7);
      String path = "github.event" + ".x".repeat(depth) + ".leaf";
      assertThat(new Evaluator(EvaluationContext.of(TaskContexts.of(task))).evaluate(path))
          .as(codec.name())
          .isEqualTo(new Value.Str("deep"));
    }
  }

  private static com.google.protobuf.Value str(String s) {
    return com.google.protobuf.Value.newBuilder().setStringValue(s).build();
  }

  private static com.google.protobuf.Value structValue(Struct s) {
    return com.google.protobuf.Value.newBuilder().setStructValue(s).build();
  }

  @Test
  void randomContexts_giveContextsOrFailTyped() throws Exception {
    tries.forAll("contexts", 1000, r -> task(r, 4), TaskPayloadPropertyTest::contexts);
  }

  private static void contexts(Task task) {
    Map<String, Value> contexts = TaskContexts.of(task);
    assertThat(contexts).containsKeys("github", "secrets", "vars", "needs", "inputs");
    TaskContexts.string(task, "token");
    for (String yaml :
        new String[] {DISPATCH, task.getWorkflowPayload().toString(StandardCharsets.UTF_8)}) {
      try {
        Workflow workflow = WorkflowParser.parse(yaml).value();
        contexts = TaskContexts.of(task, workflow);
      } catch (WorkflowException expected) {
        ClearLine.check(expected.getMessage());
      }
    }
    Evaluator evaluator = new Evaluator(EvaluationContext.of(contexts));
    for (String expression : EXPRESSIONS) {
      try {
        assertThat(evaluator.evaluate(expression)).isNotNull();
      } catch (ExpressionException expected) {
        ClearLine.check(expected.getMessage());
      }
    }
  }

  private static Task task(Random r, int depth) {
    Task.Builder t =
        Task.newBuilder()
            .setId(r.nextInt(1000))
            .setContext(struct(r, depth))
            .setWorkflowPayload(
                ByteString.copyFromUtf8(
                    r.nextBoolean() ? DISPATCH : Gens.anyChars(r, "on:\n -[]{}&*", 80)));
    for (int i = r.nextInt(3); i > 0; i--) {
      t.putSecrets(chars(r, "AB_\n", 6), Gens.anyChars(r, "s3cr3t\n\r", 20));
      t.putVars(chars(r, "AB_", 6), Gens.anyChars(r, "v\n", 10));
    }
    return t.build();
  }

  private static Struct struct(Random r, int depth) {
    Struct.Builder s = Struct.newBuilder();
    for (int i = r.nextInt(5); i > 0; i--) {
      s.putFields(
          pick(r, "event", "inputs", "n", "b", "c", "s", "token", "event_name", "x", "name", "")
              + (r.nextInt(4) == 0 ? chars(r, "_.*[]", 3) : ""),
          value(r, depth));
    }
    if (r.nextBoolean()) {
      s.putFields(
          "event_name",
          com.google.protobuf.Value.newBuilder()
              .setStringValue(pick(r, "workflow_dispatch", "workflow_call", "push", ""))
              .build());
    }
    return s.build();
  }

  private static com.google.protobuf.Value value(Random r, int depth) {
    com.google.protobuf.Value.Builder v = com.google.protobuf.Value.newBuilder();
    switch (depth <= 0 ? r.nextInt(4) : r.nextInt(6)) {
      case 0 -> v.setNullValue(NullValue.NULL_VALUE);
      case 1 ->
          v.setNumberValue(
              pick(r, 0.0, -1.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 3.5, 1e21));
      case 2 -> v.setBoolValue(r.nextBoolean());
      case 3 -> v.setStringValue(Gens.anyChars(r, "ab{}[]\"'1.5 true\n", 12));
      case 4 -> v.setStructValue(struct(r, depth - 1));
      default -> {
        ListValue.Builder l = ListValue.newBuilder();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.addValues(value(r, depth - 1));
        }
        v.setListValue(l);
      }
    }
    return v.build();
  }

  /** Bytes that print as text in a failure. */
  private record Bytes(byte[] value) {
    @Override
    public String toString() {
      return java.util.HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && java.util.Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(value);
    }
  }
}
