// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jrunner one-job}: Declare, take one task, run it, exit (forgejo-runner's {@code one-job},
 * for autoscalers and ephemeral runners). Exits 2 when no task was there, as forgejo-runner v13; 0
 * when it ran a task and the server acknowledged its result, whatever the result (an orchestrator
 * must not retry a reported task), 1 when the result could not be reported; {@code --job-exit-code}
 * exits 1 for a job that did not succeed. The result is the last line on stdout. {@code --handle}
 * asks for one job attempt (FetchSingleTask); {@code --url}/{@code --uuid}/{@code --token-url} give
 * the runner's identity without a {@code .runner} file ({@link ConnectionOptions}).
 */
@Command(
    name = "one-job",
    description =
        "Take one task from the instance, run it and exit (exit code 2: no task; the result is"
            + " printed last).")
final class OneJobCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = {"-w", "--wait"},
      description = "keep polling (every runner.fetch_interval) until a task arrives")
  boolean waitForTask;

  @Option(
      names = "--handle",
      paramLabel = "UUID",
      description =
          "take only the job attempt with this handle (Forgejo 15's FetchSingleTask; the handle"
              + " is in the job list of GET /api/v1/.../actions/runners/jobs)")
  String handle;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--job-exit-code",
      description =
          "exit 1 when the job did not succeed (failure, cancelled); without it any result the"
              + " server acknowledged exits 0")
  boolean jobExitCode;

  private final CliContext context;

  OneJobCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    return new DaemonLauncher(common, context)
        .run(
            new DaemonLauncher.Mode.OneJob(
                waitForTask,
                jobExitCode,
                java.util.Optional.ofNullable(handle).map(String::strip),
                connection));
  }
}
