// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jrunner generate-config}: prints the commented example configuration (the defaults). */
@Command(
    name = "generate-config",
    description = "Print a commented config.yaml with every key and its default.")
final class GenerateConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigLoader.exampleYaml());
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }
}
