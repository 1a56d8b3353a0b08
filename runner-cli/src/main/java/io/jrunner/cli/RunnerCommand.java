// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code jrunner <subcommand>}. */
@Command(
    name = "jrunner",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = RunnerCommand.VersionProvider.class,
    description = "A Forgejo Actions runner: a drop-in replacement for forgejo-runner.")
// No `subcommands` here: commandLine(context, args) adds them, only the one the arguments name.
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

  /**
   * The subcommands, in the order help lists them, by the names their {@code @Command} gives them
   * (RunnerCommandTest checks that the two agree).
   */
  static final List<Subcommand> SUBCOMMANDS =
      List.of(
          new Subcommand("register", RegisterCommand.class),
          new Subcommand("register-from-env", RegisterFromEnvCommand.class),
          new Subcommand("create-runner-file", CreateRunnerFileCommand.class),
          new Subcommand("daemon", DaemonCommand.class),
          new Subcommand("one-job", OneJobCommand.class),
          new Subcommand("validate", ValidateCommand.class),
          new Subcommand("doctor", DoctorCommand.class),
          new Subcommand("generate-config", GenerateConfigCommand.class),
          new Subcommand("exec", ExecCommand.class),
          new Subcommand("expr", ExprCommand.class),
          new Subcommand("cache-server", CacheServerCommand.class),
          new Subcommand("help", CommandLine.HelpCommand.class));

  /** A subcommand's name and class; the class is loaded, not initialised, until it is used. */
  record Subcommand(String name, Class<?> type) {}

  /** The configured command line for this process, for {@code args}. */
  public static CommandLine commandLine(String... args) {
    return commandLine(CliContext.system(), args);
  }

  /**
   * The configured command line for {@code args}: error handler and exit codes in one place.
   *
   * <p>picocli builds the model of every subcommand it is given (their options, mixins, help),
   * which is most of what a start costs; so when {@code args} name a subcommand plainly (see {@link
   * #invoked}), only that one is added. Parsing, help and errors are the same as with all: picocli
   * parses the arguments after a subcommand's name in that subcommand alone. Without one (no
   * arguments, {@code --help}, {@code help}, an unknown name, anything unusual before the name) all
   * are added, so that the root's help and its "did you mean" suggestions list them all.
   *
   * @param args the arguments {@link CommandLine#execute} will get; none gives every subcommand
   */
  public static CommandLine commandLine(CliContext context, String... args) {
    Optional<String> invoked = invoked(args);
    CommandLine cmd = new CommandLine(new RunnerCommand(), new CommandFactory(context));
    for (Subcommand s : SUBCOMMANDS) {
      if (invoked.isEmpty() || invoked.get().equals(s.name())) {
        cmd.addSubcommand(s.name(), s.type());
      }
    }
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // An expression may start with '-' (`-10 && true`): what is no option of expr is the
    // expression.
    CommandLine expr = cmd.getSubcommands().get("expr");
    if (expr != null) {
      expr.setUnmatchedOptionsArePositionalParams(true);
    }
    return cmd;
  }

  /**
   * The subcommand {@code args} name, the way picocli reads them: after the root's own {@code
   * -c}/{@code --config} and {@code --log-level} with their values (separate, {@code =}-joined or,
   * for {@code -c}, attached), the first argument. Empty when that is not a subcommand's name, is
   * {@code help}, or when anything else comes first ({@code --help}, {@code --version}, {@code --},
   * an {@code @file}, an option value that is a subcommand's name, which picocli refuses).
   */
  static Optional<String> invoked(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      if (arg.equals("-c") || arg.equals("--config") || arg.equals("--log-level")) {
        if (++i >= args.length) {
          return Optional.empty();
        }
        value = args[i];
      } else if (arg.startsWith("--config=") || arg.startsWith("--log-level=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("-c") && !arg.startsWith("--")) {
        value = arg.substring(arg.startsWith("-c=") ? 3 : 2);
      } else {
        return isSubcommand(arg) && !arg.equals("help") ? Optional.of(arg) : Optional.empty();
      }
      if (isSubcommand(value)) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isSubcommand(String name) {
    return SUBCOMMANDS.stream().anyMatch(s -> s.name().equals(name));
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
