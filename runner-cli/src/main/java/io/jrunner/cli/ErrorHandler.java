// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.client.ConnectException;
import io.jrunner.client.TlsConfigurationException;
import io.jrunner.config.ConfigException;
import io.jrunner.config.RegistrationException;
import io.jrunner.label.LabelException;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where exceptions become what the user reads and the exit code: one clear message,
 * never a stack trace (the trace goes to the debug log).
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    LOG.debug("command failed", e);
    Failure failure = describe(e);
    err.println("jrunner: error: " + failure.message());
    for (String detail : failure.details()) {
      err.println("  - " + detail);
    }
    err.flush();
    return failure.exitCode().code();
  }

  /** What to print for an exception, and the exit code. */
  record Failure(ExitCode exitCode, String message, List<String> details) {}

  static Failure describe(Exception e) {
    return switch (e) {
      case UserError u -> new Failure(u.exitCode(), u.getMessage(), List.of());
      case ConfigException c -> new Failure(ExitCode.CONFIG, c.getMessage(), c.problems());
      case LabelException l -> new Failure(ExitCode.CONFIG, l.getMessage(), List.of());
      case RegistrationException r -> new Failure(ExitCode.CONFIG, r.getMessage(), List.of());
      case TlsConfigurationException t -> new Failure(ExitCode.CONFIG, t.getMessage(), List.of());
      case ConnectException c when c.credentialsRejected() ->
          new Failure(
              ExitCode.CREDENTIALS_REJECTED,
              "the server rejected this runner's credentials: the runner is not registered or its"
                  + " token was revoked. Register it again, replacing the old registration, with"
                  + " `jrunner register --force --instance URL --token TOKEN`"
                  + " (server said: "
                  + c.serverMessage()
                  + ")",
              List.of());
      case ConnectException c -> new Failure(ExitCode.FAILURE, c.getMessage(), List.of());
      case InterruptedException i -> new Failure(ExitCode.FAILURE, "interrupted", List.of());
      default ->
          new Failure(
              ExitCode.FAILURE,
              "unexpected "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + " (run with --log-level debug for details)",
              List.of());
    };
  }
}
