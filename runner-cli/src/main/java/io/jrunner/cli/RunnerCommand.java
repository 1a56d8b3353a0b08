// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code jrunner <subcommand>}. */
@Command(
    name = "jrunner",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = RunnerCommand.VersionProvider.class,
    description = "A Forgejo Actions runner: a drop-in replacement for forgejo-runner.",
    subcommands = {
      RegisterCommand.class,
      RegisterFromEnvCommand.class,
      CreateRunnerFileCommand.class,
      DaemonCommand.class,
      OneJobCommand.class,
      ValidateCommand.class,
      DoctorCommand.class,
      GenerateConfigCommand.class,
      ExecCommand.class,
      ExprCommand.class,
      CacheServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RunnerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code jrunner --config FILE daemon}: the same as after the subcommand, which wins. */
  @CommandLine.Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.LOCAL,
      description = "config file; may also be given after the subcommand")
  java.nio.file.Path config;

  /** {@code jrunner --log-level debug daemon}; the subcommand's own option wins. */
  @CommandLine.Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = CommandLine.ScopeType.LOCAL,
      description = "the runner's own log level; may also be given after the subcommand")
  String logLevel;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line for this process. */
  public static CommandLine commandLine() {
    return commandLine(CliContext.system());
  }

  /** The configured command line: error handler and exit codes in one place. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine cmd = new CommandLine(new RunnerCommand(), new CommandFactory(context));
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // An expression may start with '-' (`-10 && true`): what is no option of expr is the
    // expression.
    cmd.getSubcommands().get("expr").setUnmatchedOptionsArePositionalParams(true);
    return cmd;
  }

  /** Prints {@code jrunner <version>} and the Java runtime. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "jrunner " + Version.current(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
