// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jrunner daemon}: Declare, poll, run tasks until SIGTERM/SIGINT, which stop it gracefully
 * (see {@link DaemonLauncher}).
 */
@Command(
    name = "daemon",
    description = "Run as a daemon: take tasks from the instance and run them.")
final class DaemonCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  private final CliContext context;

  DaemonCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    return new DaemonLauncher(common, context).run(new DaemonLauncher.Mode.Daemon());
  }
}
