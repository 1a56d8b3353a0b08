// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.testkit.Views.LogLine;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task row with its steps, log and outputs. */
final class TaskRow {
  final long id;
  final long runnerId;
  final JobRow job;
  final Instant started;
  final String requestKey;
  final StepView[] steps;
  final List<LogLine> log = new ArrayList<>();
  final Map<String, String> outputs = new LinkedHashMap<>();
  String token;
  Result result = Result.RESULT_UNSPECIFIED;
  Instant stopped;
  Instant updated;
  boolean archived;

  TaskRow(long id, long runnerId, JobRow job, Instant started, String token, String requestKey) {
    this.id = id;
    this.runnerId = runnerId;
    this.job = job;
    this.started = started;
    this.updated = started;
    this.token = token;
    this.requestKey = requestKey;
    this.steps = new StepView[job.stepCount()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new StepView(i, Result.RESULT_UNSPECIFIED, 0, 0, null, null);
    }
  }

  Task toProto(String serverUrl) {
    Struct context =
        Contexts.forgejo(serverUrl, job.job().jobId(), job.runId(), token, "runtime-" + token)
            .toBuilder()
            .putAllFields(job.job().context().getFieldsMap())
            .putFields("token", Value.newBuilder().setStringValue(token).build())
            .build();
    context = Contexts.withoutNulls(context);
    return Task.newBuilder()
        .setId(id)
        .setWorkflowPayload(ByteString.copyFromUtf8(job.job().workflowYaml()))
        .setContext(context)
        .putAllSecrets(job.job().secrets())
        .putSecrets("GITHUB_TOKEN", token)
        .putSecrets("GITEA_TOKEN", token)
        .putSecrets("FORGEJO_TOKEN", token)
        .putAllNeeds(job.job().needs())
        .putAllVars(job.job().vars())
        .build();
  }

  TaskView view() {
    return new TaskView(
        id,
        runnerId,
        job.job().jobId(),
        result,
        started,
        stopped,
        updated,
        List.of(steps),
        List.copyOf(log),
        archived,
        Map.copyOf(outputs),
        requestKey,
        token);
  }
}
