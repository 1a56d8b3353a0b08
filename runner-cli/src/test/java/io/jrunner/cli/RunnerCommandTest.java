// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The root command: only the named subcommand is built, with the same answers as all of them. */
class RunnerCommandTest {
  private static final CliContext CONTEXT =
      new CliContext(Optional.empty(), Map.of(), Clock.systemUTC(), "host-1");

  @Test
  void theNamesAreTheCommandsOwn() {
    for (RunnerCommand.Subcommand s : RunnerCommand.SUBCOMMANDS) {
      assertThat(s.type().getAnnotation(CommandLine.Command.class).name()).isEqualTo(s.name());
    }
  }

  @Test
  void theInvokedSubcommandIsReadAsPicocliReadsIt() {
    assertThat(RunnerCommand.invoked("daemon")).contains("daemon");
    assertThat(RunnerCommand.invoked("-c", "x.yaml", "--log-level", "debug", "exec", "-W", "w"))
        .contains("exec");
    assertThat(RunnerCommand.invoked("--config=x.yaml", "-cx.yaml", "-c=x", "validate"))
        .contains("validate");
    assertThat(RunnerCommand.invoked("--log-level=debug", "one-job", "daemon")).contains("one-job");
    assertThat(RunnerCommand.invoked()).isEmpty();
    assertThat(RunnerCommand.invoked("help", "daemon")).isEmpty();
    assertThat(RunnerCommand.invoked("--help", "daemon")).isEmpty();
    assertThat(RunnerCommand.invoked("-V", "daemon")).isEmpty();
    assertThat(RunnerCommand.invoked("deamon")).isEmpty();
    assertThat(RunnerCommand.invoked("--", "daemon")).isEmpty();
    assertThat(RunnerCommand.invoked("@args", "daemon")).isEmpty();
    assertThat(RunnerCommand.invoked("-c")).isEmpty();
    assertThat(RunnerCommand.invoked("-c", "daemon", "exec")).isEmpty();
    assertThat(RunnerCommand.invoked("--config=daemon", "exec")).isEmpty();
  }

  @Test
  void onlyTheNamedSubcommandIsBuilt() {
    assertThat(RunnerCommand.commandLine(CONTEXT, "-c", "x.yaml", "daemon").getSubcommands())
        .containsOnlyKeys("daemon");
    assertThat(RunnerCommand.commandLine(CONTEXT, "expr", "-1").getSubcommands())
        .containsOnlyKeys("expr");
    assertThat(RunnerCommand.commandLine(CONTEXT, "--help").getSubcommands().keySet())
        .containsExactlyElementsOf(
            RunnerCommand.SUBCOMMANDS.stream().map(RunnerCommand.Subcommand::name).toList());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--help",
        "help",
        "help daemon",
        "nosuch",
        "deamon",
        "-c x.yaml",
        "-c daemon exec --help",
        "--config=x.yaml validate --help",
        "register --help",
        "register-from-env --help",
        "create-runner-file --help",
        "daemon --help",
        "one-job --help",
        "validate --help",
        "doctor --help",
        "generate-config --help",
        "exec --help",
        "expr --help",
        "cache-server --help",
        "daemon --version",
        "exec --nosuch",
        "daemon extra",
        "daemon validate",
        "daemon help",
        "expr -10 && true",
        "expr",
        "validate --bad",
        "-c /nonexistent.yaml daemon",
        "daemon -c /nonexistent.yaml",
        "cache-server --port notanumber",
        "one-job --nosuch"
      })
  void answersAsWithEverySubcommand(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    assertThat(run(RunnerCommand.commandLine(CONTEXT, args), args))
        .isEqualTo(run(RunnerCommand.commandLine(CONTEXT), args));
  }

  private static List<Object> run(CommandLine cmd, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return List.of(code, out.toString(), err.toString());
  }
}
