// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner generate-config}: prints the commented example configuration (the defaults); with
 * {@code --profile dev|prod}, followed by that profile's commented starting point.
 */
@Command(
    name = "generate-config",
    description = "Print a commented config.yaml with every key and its default.")
final class GenerateConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "add a commented profiles: section for NAME: dev or prod")
  String profile;

  @Override
  public Integer call() throws UserError {
    String text;
    if (profile == null) {
      text = ConfigLoader.exampleYaml();
    } else if (ConfigLoader.EXAMPLE_PROFILES.contains(profile)) {
      text = ConfigLoader.exampleYaml(profile);
    } else {
      throw new UserError(
          ExitCode.USAGE,
          "--profile "
              + profile
              + ": generate-config knows "
              + ConfigLoader.EXAMPLE_PROFILES
              + "; copy one and rename it under profiles:");
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }
}
