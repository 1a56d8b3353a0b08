// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Json;
import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job learns from and writes into its environment before the first step, with one exec: the
 * event payload ({@code GITHUB_EVENT_PATH}) is written, and the environment tells whether {@code
 * bash} exists and its own {@code PATH} (the image's {@code ENV PATH} in a container), which {@code
 * GITHUB_PATH} entries are put in front of. Called on the job's thread.
 */
final class JobPrelude {
  /** Exit code of the probe when the event payload could not be written. */
  private static final int NO_EVENT = 3;

  private static final String SCRIPT =
      "{ mkdir -p \"${0%/*}\" && printf '%s' \"$JRUNNER_EVENT\" > \"$0\"; } || exit "
          + NO_EVENT
          + "; printf '%s\\n' \"$PATH\"; command -v bash >/dev/null 2>&1";

  /**
   * @param hasBash whether {@code bash} is on the environment's {@code PATH}
   * @param path the environment's {@code PATH}; empty when it has none
   */
  record Probed(boolean hasBash, String path) {}

  private JobPrelude() {}

  /** Where the event payload is written in {@code env}. */
  static String eventPath(JobEnvironment env) {
    return env.tempDir() + "/event.json";
  }

  /**
   * Writes the event payload of {@code request} and probes {@code env}.
   *
   * @throws BackendException when the payload cannot be written or the exec fails
   */
  static Probed run(JobEnvironment env, JobRequest request)
      throws BackendException, InterruptedException {
    List<String> lines = new ArrayList<>();
    int code =
        env.exec(
            new ExecSpec(
                List.of("sh", "-c", SCRIPT, eventPath(env)),
                Map.of("JRUNNER_EVENT", eventJson(request)),
                Optional.empty(),
                Optional.empty()),
            (err, line) -> {
              if (!err) {
                lines.add(line);
              }
            });
    if (code == NO_EVENT) {
      throw new BackendException("cannot write the event payload in the job environment");
    }
    return new Probed(code == 0, lines.isEmpty() ? "" : lines.getFirst());
  }

  /** {@code github.event} as JSON; {@code {}} when there is none. */
  private static String eventJson(JobRequest request) {
    Value event = Value.NULL;
    if (request.contexts().get("github") instanceof Value.Obj github) {
      event = github.entries().getOrDefault("event", Value.NULL);
    }
    try {
      return Json.writeData(event instanceof Value.Obj ? event : new Value.Obj(Map.of()), 16 << 20);
    } catch (ExpressionException e) {
      return "{}";
    }
  }
}
