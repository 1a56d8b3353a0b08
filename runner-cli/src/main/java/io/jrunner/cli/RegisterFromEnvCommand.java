// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.RunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner register-from-env}: the first step of the container entrypoint, with act_runner's
 * contract ({@code scripts/run.sh}): when the state file is missing or empty, register from the
 * environment ({@link ContainerEnv}) with {@code jrunner register --no-interactive}, retrying up to
 * {@code GITEA_MAX_REG_ATTEMPTS} times, {@value #RETRY_SECONDS} s apart, while the instance cannot
 * be reached (a server that is still starting). A rejected token or a bad setting is not retried.
 * Runs on the calling thread; blocks while retrying.
 */
@Command(
    name = "register-from-env",
    description =
        "Register from GITEA_/FORGEJO_/JRUNNER_ environment variables unless already registered"
            + " (the container entrypoint's first step; see docs/container.md).")
final class RegisterFromEnvCommand implements Callable<Integer> {
  static final int RETRY_SECONDS = 5;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  private final CliContext context;

  RegisterFromEnvCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    ContainerEnv env = ContainerEnv.read(context.env(), context.hostname());
    RunnerConfig config = common.load(context.env()).config();
    Path state = env.stateFile().orElse(config.runner().file());
    if (nonEmpty(state)) {
      out("Already registered (" + state.toAbsolutePath() + "); skipping registration.");
      return ExitCode.OK.code();
    }
    if (env.instance().isEmpty() || env.token().isEmpty()) {
      throw new UserError(
          ExitCode.CONFIG,
          "not registered yet ("
              + state.toAbsolutePath()
              + " is missing) and "
              + (env.instance().isEmpty()
                  ? "GITEA_INSTANCE_URL is not set"
                  : "neither GITEA_RUNNER_REGISTRATION_TOKEN nor"
                      + " GITEA_RUNNER_REGISTRATION_TOKEN_FILE is set")
              + " (FORGEJO_ and JRUNNER_ spellings work too)");
    }
    if (env.stateFile().isPresent() && !state.equals(config.runner().file())) {
      out(
          "Note: RUNNER_STATE_FILE="
              + state
              + " differs from runner.file ("
              + config.runner().file()
              + "), where the registration is saved.");
    }
    List<String> args = registerArgs(env);
    int code = ExitCode.FAILURE.code();
    for (int attempt = 1; attempt <= env.maxAttempts(); attempt++) {
      code = register(args);
      if (code != ExitCode.FAILURE.code()) {
        return code;
      }
      if (attempt < env.maxAttempts()) {
        err(
            "Registration attempt "
                + attempt
                + " of "
                + env.maxAttempts()
                + " failed; retrying in "
                + RETRY_SECONDS
                + "s.");
        Thread.sleep(Duration.ofSeconds(RETRY_SECONDS));
      }
    }
    err(
        "Giving up after "
            + env.maxAttempts()
            + " registration attempts (GITEA_MAX_REG_ATTEMPTS).");
    return code;
  }

  private List<String> registerArgs(ContainerEnv env) {
    List<String> args = new ArrayList<>();
    args.add("--no-interactive");
    if (common.config != null) {
      args.add("--config=" + common.config);
    }
    if (common.logLevel != null) {
      args.add("--log-level=" + common.logLevel);
    }
    args.add("--instance=" + env.instance().orElseThrow());
    args.add("--token=" + env.token().orElseThrow());
    args.add("--name=" + env.name());
    env.labels().ifPresent(l -> args.add("--labels=" + l));
    if (env.ephemeral()) {
      args.add("--ephemeral");
    }
    return args;
  }

  /** One {@code jrunner register} in this JVM (the token never reaches a process list). */
  private int register(List<String> args) {
    CommandLine register =
        new CommandLine(new RegisterCommand(context), new CommandFactory(context));
    register.setExecutionExceptionHandler(new ErrorHandler());
    register.setOut(spec.commandLine().getOut());
    register.setErr(spec.commandLine().getErr());
    return register.execute(args.toArray(String[]::new));
  }

  private static boolean nonEmpty(Path file) throws IOException {
    return Files.isRegularFile(file) && Files.size(file) > 0;
  }

  private void out(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  private void err(String line) {
    spec.commandLine().getErr().println(line);
    spec.commandLine().getErr().flush();
  }
}
