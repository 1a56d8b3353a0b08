// SPDX-License-Identifier: Apache-2.0
package io.jrunner.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.ping.v1.PingResponse;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.DeclareResponse;
import io.jrunner.proto.runner.v1.FetchSingleTaskRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.RunnerStatus;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskNeed;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message against bytes written by hand from the field numbers of protocol.md §2, in both
 * directions: a wrong number in a .proto file changes the tag byte and fails here.
 */
@SuppressWarnings("deprecation") // agent_labels, custom_labels and machine are deprecated upstream.
class GoldenBytesTest {

  static Stream<Arguments> cases() {
    StepState step =
        StepState.newBuilder()
            .setId(1)
            .setResult(Result.RESULT_FAILURE)
            .setStartedAt(seconds(1))
            .setStoppedAt(seconds(2))
            .setLogIndex(3)
            .setLogLength(4)
            .build();
    return Stream.of(
        Arguments.of(PingRequest.newBuilder().setData("hi").build(), "0a026869"),
        Arguments.of(PingResponse.newBuilder().setData("hi").build(), "0a026869"),
        Arguments.of(
            RegisterRequest.newBuilder()
                .setName("r")
                .setToken("t")
                .addAgentLabels("a")
                .addCustomLabels("c")
                .setVersion("v")
                .addLabels("l")
                .setEphemeral(true)
                .build(),
            "0a0172 120174 1a0161 220163 2a0176 32016c 3801"),
        Arguments.of(
            RegisterResponse.newBuilder().setRunner(runner()).build(),
            "0a1b 0801 120175 1a0174 22016e 2801 320161 3a0163 420176 4a016c 5001"),
        Arguments.of(
            DeclareRequest.newBuilder().setVersion("v").addLabels("a").addLabels("b").build(),
            "0a0176 120161 120162"),
        Arguments.of(
            DeclareResponse.newBuilder().setRunner(Runner.newBuilder().setId(2)).build(),
            "0a02 0802"),
        Arguments.of(FetchTaskRequest.newBuilder().setTasksVersion(5).build(), "0805"),
        Arguments.of(
            FetchTaskRequest.newBuilder().setTasksVersion(5).setTaskCapacity(2).build(),
            "0805 1002"),
        Arguments.of(
            FetchSingleTaskRequest.newBuilder().setTasksVersion(0).setHandle("h").build(),
            "120168"),
        Arguments.of(
            FetchSingleTaskResponse.newBuilder()
                .setTasksVersion(1)
                .setTask(Task.newBuilder().setId(2))
                .build(),
            "0801 1202 0802"),
        Arguments.of(
            FetchTaskResponse.newBuilder()
                .setTask(
                    Task.newBuilder()
                        .setId(7)
                        .setWorkflowPayload(ByteString.copyFromUtf8("y"))
                        .putSecrets("k", "v"))
                .setTasksVersion(3)
                .addAdditionalTasks(Task.newBuilder().setId(8))
                .build(),
            "0a0d 0807 120179 2206 0a016b 120176 1003 1a02 0808"),
        Arguments.of(
            Task.newBuilder()
                .setContext(
                    Struct.newBuilder()
                        .putFields("job", Value.newBuilder().setStringValue("b").build()))
                .setMachine("m")
                .putNeeds(
                    "b",
                    TaskNeed.newBuilder()
                        .putOutputs("o", "1")
                        .setResult(Result.RESULT_SUCCESS)
                        .build())
                .putVars("k", "v")
                .build(),
            "1a0c 0a0a 0a036a6f62 1203 1a0162"
                + "2a016d"
                + "320f 0a0162 120a 0a06 0a016f 120131 1001"
                + "3a06 0a016b 120176"),
        Arguments.of(
            UpdateTaskRequest.newBuilder()
                .setState(
                    TaskState.newBuilder()
                        .setId(1)
                        .setResult(Result.RESULT_SUCCESS)
                        .setStartedAt(seconds(10))
                        .setStoppedAt(seconds(20))
                        .addSteps(step))
                .putOutputs("k", "v")
                .build(),
            "0a1e 0801 1001 1a02080a 22020814 2a10 0801 1002 1a020801 22020802 2803 3004"
                + "1206 0a016b 120176"),
        Arguments.of(
            UpdateTaskResponse.newBuilder()
                .setState(TaskState.newBuilder().setId(1).setResult(Result.RESULT_CANCELLED))
                .addSentOutputs("k")
                .build(),
            "0a04 0801 1003 12016b"),
        Arguments.of(
            UpdateLogRequest.newBuilder()
                .setTaskId(1)
                .setIndex(2)
                .addRows(
                    LogRow.newBuilder()
                        .setTime(Timestamp.newBuilder().setSeconds(5).setNanos(1))
                        .setContent("x"))
                .setNoMore(true)
                .build(),
            "0801 1002 1a09 0a04 0805 1001 120178 2001"),
        Arguments.of(UpdateLogResponse.newBuilder().setAckIndex(300).build(), "08ac02"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void encodes_toHandWrittenBytes(Message message, String hex) {
    assertThat(HexFormat.of().formatHex(message.toByteArray())).isEqualTo(hex.replace(" ", ""));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void decodes_handWrittenBytes(Message message, String hex) throws Exception {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));

    Message parsed = message.getParserForType().parseFrom(bytes);

    assertThat(parsed).isEqualTo(message);
  }

  private static Runner runner() {
    return Runner.newBuilder()
        .setId(1)
        .setUuid("u")
        .setToken("t")
        .setName("n")
        .setStatus(RunnerStatus.RUNNER_STATUS_IDLE)
        .addAgentLabels("a")
        .addCustomLabels("c")
        .setVersion("v")
        .addLabels("l")
        .setEphemeral(true)
        .build();
  }

  private static Timestamp seconds(long s) {
    return Timestamp.newBuilder().setSeconds(s).build();
  }
}
