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
      CreateRunnerFileCommand.class,
      DaemonCommand.class,
      OneJobCommand.class,
      ValidateCommand.class,
      GenerateConfigCommand.class,
      ExecCommand.class,
      ExprCommand.class,
      CacheServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RunnerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
