// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.ConfigException;
import io.jrunner.config.ConfigLoader;
import io.jrunner.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every command shares: the config file, its profile and the log level. */
final class CommonOptions {
  private static final Logger LOG = LoggerFactory.getLogger(CommonOptions.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "config file (see `jrunner generate-config`); defaults apply without one")
  Path config;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "apply profiles.NAME of the config file: its runner, container and cache keys, its"
              + " policy and its own .runner (see `jrunner generate-config --profile prod`)")
  String profile;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "the runner's own log level: trace, debug, info, warn, error (overrides log.level)")
  String logLevel;

  /**
   * Loads the configuration, prints its warnings and sets the log level.
   *
   * @throws ConfigException listing every problem of the file
   */
  LoadedConfig load(Map<String, String> env) throws ConfigException, UserError {
    if (logLevel != null) {
      Logging.setLevel(logLevel);
    }
    LoadedConfig loaded =
        ConfigLoader.load(Optional.ofNullable(config), Optional.ofNullable(profile), env);
    if (logLevel == null) {
      Logging.setLevel(loaded.config().log().level());
    }
    loaded.warnings().forEach(w -> LOG.warn("{}", w));
    return loaded;
  }
}
