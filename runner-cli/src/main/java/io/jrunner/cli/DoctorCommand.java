// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner doctor [--profile NAME] [--runs-on LABELS]}: checks what a runner node needs, one
 * line per check with a fix for each failure (see {@link Doctor}); exits 0 when no check failed
 * (warnings allowed), 1 when one did.
 */
@Command(
    name = "doctor",
    description =
        "Check this runner node: config (and --profile), registration, server (DNS, TLS, Ping,"
            + " credentials), Docker, images, the cache from a job network, disk, and whether it"
            + " would take a job with --runs-on."
            + " Exit 0: no check failed; 1: one did.")
final class DoctorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(
      names = "--runs-on",
      paramLabel = "LABELS",
      split = ",",
      description = "a job's runs-on labels (comma-separated): would this runner take it?")
  List<String> runsOn;

  private final CliContext context;

  DoctorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    boolean failed = false;
    for (DoctorCheck check :
        new Doctor(common, context, runsOn == null ? List.of() : List.copyOf(runsOn)).run()) {
      out.println(check.line());
      out.flush();
      failed |= check.status() == DoctorCheck.Status.FAIL;
    }
    return failed ? ExitCode.FAILURE.code() : ExitCode.OK.code();
  }
}
