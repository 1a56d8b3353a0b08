// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.ConfigException;
import io.jrunner.config.ConfigLoader;
import io.jrunner.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    LoadedConfig loaded =
        ConfigLoader.load(Optional.ofNullable(config), Optional.ofNullable(profile), env);
    if (logLevel == null) {
      Logging.setLevel(loaded.config().log().level());
    }
    loaded.warnings().forEach(w -> LOG.warn("{}", w));
    if (profile != null) {
      ownDirectory(loaded.config().runner().file());
    }
    return loaded;
  }

  /**
   * Creates the directory of a profile's {@code .runner} ({@code prod/.runner}), readable by the
   * runner's user only, so that {@code register} can write it.
   */
  private static void ownDirectory(Path runnerFile) throws UserError {
    Path dir = runnerFile.toAbsolutePath().getParent();
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Files.createDirectories(
          dir,
          posix
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
              }
              : new FileAttribute<?>[0]);
    } catch (IOException e) {
      throw new UserError(
          ExitCode.FAILURE,
          "cannot create " + dir + " for the profile's .runner: " + e.getMessage());
    }
  }
}
