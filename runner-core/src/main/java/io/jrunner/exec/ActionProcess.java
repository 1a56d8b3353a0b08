// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs one process of an action ({@code pre}, {@code main} or {@code post}) with fresh command
 * files, acting on workflow commands, and applies what it exported to the job.
 */
final class ActionProcess {
  private ActionProcess() {}

  /** Starts the process with the given environment and waits for it; returns its exit code. */
  @FunctionalInterface
  interface Launch {
    int run(Map<String, String> env, LineSink out, Cancellation stop)
        throws BackendException, InterruptedException;
  }

  /** A command run in the job environment, in the workspace. */
  static Launch command(JobSession session, List<String> command) {
    return (env, out, stop) ->
        session.env.exec(
            new ExecSpec(command, env, Optional.of(session.env.workspace()), Optional.empty()),
            out,
            stop);
  }

  /** A container run next to the job; the environment given replaces {@code run}'s. */
  static Launch container(JobSession session, ContainerRun run) {
    return (env, out, stop) ->
        session.env.runContainer(
            new ContainerRun(
                run.image(), run.entrypoint(), run.args(), env, run.workingDirectory()),
            out,
            stop);
  }

  /**
   * A finished process: its exit code, outputs and saved state, and whether a workflow command of
   * it failed (which fails it even with exit code 0).
   */
  record Result(
      int code, Map<String, String> outputs, Map<String, String> state, boolean commandFailed) {
    /** Whether the process exited with 0 and no command of it failed. */
    boolean ok() {
      return code == 0 && !commandFailed;
    }

    /** Success when {@link #ok()}, with its outputs. */
    StepResult toStep() {
      return new StepResult(ok() ? Conclusion.SUCCESS : Conclusion.FAILURE, outputs);
    }
  }

  /**
   * @param logStep the step whose log gets the output; empty for job-level lines ({@code pre} and
   *     {@code post})
   */
  static Result run(
      JobSession session,
      Launch launch,
      Map<String, String> environment,
      Cancellation stop,
      OptionalInt logStep)
      throws BackendException, InterruptedException {
    StepFiles files = new StepFiles(session.env.tempDir(), session.filesName("action"));
    files.prepare(session.env, Optional.empty());
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(files.variables());
    session.applyPath(env);
    WorkflowCommands commands = new WorkflowCommands(session::secret, environment);
    int code =
        launch.run(
            env,
            (err, text) -> {
              List<String> errors = commands.accept(text);
              session.line(logStep, text);
              errors.forEach(e -> session.line(logStep, e));
            },
            stop);
    if (code != 0 && !stop.isCancelled()) {
      session.line(logStep, "Process completed with exit code " + code + ".");
    }
    StepFiles.Written written = files.read(session.env);
    session.absorb(commands.exported());
    session.absorb(written);
    Map<String, String> outputs = new LinkedHashMap<>(commands.outputs());
    outputs.putAll(written.outputs());
    Map<String, String> state = new LinkedHashMap<>(commands.state());
    state.putAll(written.state());
    return new Result(code, outputs, state, commands.failed());
  }
}
