// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Sets the level of the daemon's own log (forgejo-runner's {@code log.level} names). */
final class Logging {
  private Logging() {}

  /**
   * @param level trace, debug, info, warn, error or fatal (fatal is error)
   * @throws UserError for an unknown level name
   */
  static void setLevel(String level) throws UserError {
    Level parsed =
        switch (level.toLowerCase(Locale.ROOT)) {
          case "trace" -> Level.TRACE;
          case "debug" -> Level.DEBUG;
          case "info" -> Level.INFO;
          case "warn", "warning" -> Level.WARN;
          case "error", "fatal", "panic" -> Level.ERROR;
          default ->
              throw new UserError(
                  ExitCode.CONFIG,
                  "unknown log level '" + level + "' (trace, debug, info, warn, error)");
        };
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
  }
}
