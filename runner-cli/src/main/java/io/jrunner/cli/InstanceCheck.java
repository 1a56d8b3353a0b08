// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.proto.ping.v1.PingRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings an instance before registering, with a few quick retries for a server that is starting, and
 * turns failures into one sentence that says what to check.
 */
final class InstanceCheck {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceCheck.class);
  static final int ATTEMPTS = 3;

  private InstanceCheck() {}

  static void ping(RunnerClient client, URI instance, String name)
      throws UserError, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        client.ping(PingRequest.newBuilder().setData(name).build());
        return;
      } catch (ConnectException e) {
        if (!e.isRetryable() || attempt >= ATTEMPTS) {
          throw unreachable(instance, e);
        }
        LOG.debug("cannot ping {} yet ({}); retrying", instance, e.getMessage());
        Thread.sleep(1000L * attempt);
      }
    }
  }

  static UserError unreachable(URI instance, ConnectException e) {
    String hint =
        e.code() == ConnectCode.UNIMPLEMENTED
            ? "the server answered, but not as a Forgejo instance with Actions (check the URL,"
                + " including any sub-path, and that [actions] ENABLED=true)"
            : e.httpStatus() == 502 || e.httpStatus() == 503 || e.httpStatus() == 504
                ? "a proxy in front of it answered " + e.httpStatus() + " (is Forgejo running?)"
                : e.httpStatus() == 0
                    ? rootCause(e) + " (is the URL right and the instance up?)"
                    : e.getMessage();
    return new UserError(ExitCode.FAILURE, "cannot reach " + instance + ": " + hint, e);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
