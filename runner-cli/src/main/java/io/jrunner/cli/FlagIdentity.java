// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.Registration;
import io.jrunner.daemon.DaemonSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code one-job}'s command-line flags change in the daemon's setup: the identity from {@code
 * --url/--uuid/--token-url} instead of the {@code .runner} file, the {@code --label}s, the {@code
 * --fetch-interval} and the {@code --handle}. With a flag identity the lock and the report spool
 * live in {@code jrunner-<uuid>/} next to the configured {@code .runner} file, so several one-job
 * processes can share a directory without touching each other's spools; nothing is written to
 * {@code .runner}. Immutable.
 *
 * @param runnerFile the file whose lock and spool directory the process uses
 * @param registration the identity from the flags, or empty to read {@code runnerFile}
 * @param labels the {@code --label} values (empty: the configured ones)
 * @param fetchInterval the {@code --fetch-interval}, if given
 * @param handle the job attempt to ask for, if given
 */
record FlagIdentity(
    Path runnerFile,
    Optional<Registration> registration,
    List<String> labels,
    Optional<Duration> fetchInterval,
    Optional<String> handle) {

  /**
   * Reads the flags of {@code mode} (only {@code one-job} has them).
   *
   * @throws UserError (exit 3) for incomplete or invalid flags, or when the per-runner directory
   *     cannot be created
   */
  static FlagIdentity of(DaemonLauncher.Mode mode, Map<String, String> env, Path configuredFile)
      throws UserError {
    if (!(mode instanceof DaemonLauncher.Mode.OneJob one)) {
      return new FlagIdentity(
          configuredFile, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }
    Optional<ConnectionOptions.Connection> connection = one.connection().connection(env);
    Path file = configuredFile;
    if (connection.isPresent()) {
      Path parent = configuredFile.toAbsolutePath().getParent();
      Path dir = parent.resolve("jrunner-" + connection.get().registration().uuid());
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UserError(ExitCode.CONFIG, "cannot create " + dir + ": " + e.getMessage());
      }
      file = dir.resolve(".runner");
    }
    if (one.handle().isPresent() && one.handle().get().isEmpty()) {
      throw new UserError(ExitCode.CONFIG, "--handle is empty");
    }
    return new FlagIdentity(
        file,
        connection.map(ConnectionOptions.Connection::registration),
        one.connection().labelsOrEmpty(),
        one.connection().fetchInterval(),
        one.handle());
  }

  /** The daemon settings with {@code --fetch-interval} applied. */
  DaemonSettings apply(DaemonSettings settings) {
    return fetchInterval
        .map(
            d ->
                new DaemonSettings(
                    settings.version(),
                    settings.labelNames(),
                    settings.capacity(),
                    d,
                    settings.fetchTimeout(),
                    settings.shutdownTimeout()))
        .orElse(settings);
  }
}
