// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.Set;

/** The {@code jrunner} command's entry point: the only place that calls {@code System.exit}. */
public final class Main {
  /** What {@code jrunner --version} (alone) answers without building the command line. */
  private static final Set<String> VERSION = Set.of("--version", "-V");

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && VERSION.contains(args[0])) {
      // picocli's model of every subcommand costs most of a 0.2 s start for nothing here; the
      // same lines as RunnerCommand's --version.
      for (String line : new RunnerCommand.VersionProvider().getVersion()) {
        System.out.println(line);
      }
      System.exit(ExitCode.OK.code());
    }
    System.exit(RunnerCommand.commandLine(args).execute(args));
  }
}
