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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command shares: the config file and the log level. */
final class CommonOptions {
  private static final Logger LOG = LoggerFactory.getLogger(CommonOptions.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "config file (see `jrunner generate-config`); defaults apply without one")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "the runner's own log level: trace, debug, info, warn, error (overrides log.level)")
  String logLevel;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** Takes {@code --config} and {@code --log-level} given before the subcommand, if not after. */
  private void inheritFromRoot() {
    if (mixee != null
        && mixee.parent() != null
        && mixee.parent().userObject() instanceof RunnerCommand root) {
      if (config == null) {
        config = root.config;
      }
      if (logLevel == null) {
        logLevel = root.logLevel;
      }
    }
  }

  /**
   * Loads the configuration, prints its warnings and sets the log level.
   *
   * @throws ConfigException listing every problem of the file
   */
  LoadedConfig load(Map<String, String> env) throws ConfigException, UserError {
    inheritFromRoot();
    if (logLevel != null) {
      Logging.setLevel(logLevel);
    }
    LoadedConfig loaded = ConfigLoader.load(Optional.ofNullable(config), env);
    if (logLevel == null) {
      Logging.setLevel(loaded.config().log().level());
    }
    loaded.warnings().forEach(w -> LOG.warn("{}", w));
    return loaded;
  }
}
