// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Runs {@code jrunner} commands in this JVM, capturing what they print. */
final class InProcessCli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs with no terminal attached. */
  int run(String... args) {
    return run(Optional.empty(), args);
  }

  /** Runs with {@code terminal} as the attached terminal, if present. */
  int run(Optional<Terminal> terminal, String... args) {
    var cmd =
        RunnerCommand.commandLine(
            new CliContext(terminal, Map.of(), Clock.systemUTC(), "host-1"), args);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }
}
