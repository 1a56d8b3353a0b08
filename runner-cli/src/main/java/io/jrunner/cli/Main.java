// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

/** The {@code jrunner} command's entry point: the only place that calls {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RunnerCommand.commandLine().execute(args));
  }
}
