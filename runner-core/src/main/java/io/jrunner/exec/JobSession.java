// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.FileHasher;
import io.jrunner.expr.HashFiles;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Value;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What one running job shares between its steps: the request, the environment, the variables and
 * PATH entries steps exported, the actions loaded so far and the post steps to run at the end. Not
 * thread-safe: owned by the job's thread.
 */
final class JobSession {
  final JobRequest request;
  final JobEnvironment env;
  final JobListener listener;
  final Clock clock;

  /** The PATH when the environment reports none. */
  static final String FALLBACK_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  final boolean hasBash;

  /** The environment's own PATH (the image's ENV PATH in a container). */
  final String defaultPath;

  final Actions actions;
  final Map<String, String> exported = new LinkedHashMap<>();
  final List<String> paths = new ArrayList<>();
  final Deque<PostStep> posts = new ArrayDeque<>();
  final Map<Integer, Map<String, String>> preState = new HashMap<>();
  private final FileHasher hasher;
  private final Value github;
  private Boolean hasNode;
  private int files;

  JobSession(
      JobRequest request,
      JobEnvironment env,
      JobListener listener,
      Clock clock,
      boolean hasBash,
      String defaultPath,
      ActionSource source) {
    this.request = request;
    this.env = env;
    this.listener = listener;
    this.clock = clock;
    this.hasBash = hasBash;
    this.defaultPath = defaultPath;
    this.actions = new Actions(this, source);
    this.hasher = new HashFiles(new EnvironmentFiles(env));
    this.github = withPaths(request.contexts().get("github"));
  }

  /**
   * The {@code github} context with the paths of this environment ({@code workspace}, {@code
   * event_path}): the real directories on the host, the container's paths in Docker.
   */
  private Value withPaths(Value given) {
    if (!(given instanceof Value.Obj obj)) {
      return given;
    }
    Map<String, Value> out = new LinkedHashMap<>(obj.entries());
    out.put("workspace", Value.of(env.workspace()));
    out.put("event_path", Value.of(eventPath()));
    return new Value.Obj(out);
  }

  /** The runner's name: {@code RUNNER_NAME} of the job's environment, else {@code jrunner}. */
  String runnerName() {
    return request.environment().env().getOrDefault("RUNNER_NAME", "jrunner");
  }

  /** Where the event payload is ({@code GITHUB_EVENT_PATH}). */
  String eventPath() {
    return JobPrelude.eventPath(env);
  }

  /** A directory name for one step's files, unique in this job. */
  String filesName(String kind) {
    return kind + "-" + files++;
  }

  boolean hasNode() throws BackendException, InterruptedException {
    if (hasNode == null) {
      hasNode = env.exec(ExecSpec.of("sh", "-c", "command -v node"), (e, l) -> {}) == 0;
    }
    return hasNode;
  }

  /**
   * PATH for a step: the entries steps added, before the step's own PATH (from {@code env:}) or
   * else the environment's, so that the image's directories stay.
   */
  void applyPath(Map<String, String> processEnv) {
    if (!paths.isEmpty()) {
      String base = processEnv.getOrDefault("PATH", defaultPath);
      processEnv.put("PATH", String.join(":", paths) + (base.isEmpty() ? "" : ":" + base));
    }
  }

  /** Applies what a step wrote to its command files to the job. */
  void absorb(StepFiles.Written written) {
    exported.putAll(written.env());
    paths.addAll(0, written.path());
  }

  void line(OptionalInt step, String text) {
    listener.onEvent(new JobEvent.LogLine(step, clock.instant(), text));
  }

  void secret(String value) {
    listener.onEvent(new JobEvent.SecretAdded(value));
  }

  /** An evaluator over the job's contexts, the scope's replacements, {@code env} and status. */
  Evaluator evaluator(StepScope scope, Map<String, String> envValues) {
    return evaluator(scope.state(), scope.steps(), scope.contexts(), envValues);
  }

  Evaluator evaluator(
      JobState state,
      StepContext steps,
      Map<String, Value> overrides,
      Map<String, String> envValues) {
    Map<String, Value> contexts = new LinkedHashMap<>(request.contexts());
    if (github != null) {
      contexts.put("github", github);
    }
    contexts.put("steps", steps.value());
    Map<String, Value> e = new LinkedHashMap<>();
    envValues.forEach((k, v) -> e.put(k, Value.of(v)));
    contexts.put("env", new Value.Obj(e));
    contexts.put(
        "runner",
        new Value.Obj(
            Map.of(
                "os", Value.of("Linux"),
                "arch", Value.of("X64"),
                "temp", Value.of(env.runnerTemp()),
                "tool_cache", Value.of(env.toolCache()),
                "name", Value.of(runnerName()))));
    contexts.put("job", env.created().jobContext(state.result()));
    contexts.putAll(overrides);
    JobStatus status = state::status;
    return new Evaluator(new EvaluationContext(new Value.Obj(contexts), status, hasher));
  }
}
