// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow commands GitHub disabled for a security flaw, {@code ::set-env name=X::value} and
 * {@code ::add-path::dir}, with actions/runner's rule: they are honoured only when {@code
 * ACTIONS_ALLOW_UNSECURE_COMMANDS} is {@code true} (case-insensitive, surrounding space ignored, as
 * .NET's {@code bool.TryParse}) in the step's environment; otherwise the command is an error with
 * actions/runner's message and the step fails. {@code NODE_OPTIONS} cannot be set (an error line,
 * the step goes on). forgejo-runner honours both commands always (docs/migration.md). Not
 * thread-safe: one per step process.
 */
final class UnsecureCommands {
  /** The variable that opts in, as actions/runner names it. */
  static final String ALLOW = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

  private final boolean allowed;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> path = new ArrayList<>();
  private boolean failed;

  UnsecureCommands(Map<String, String> environment) {
    String v = environment.get(ALLOW);
    this.allowed = v != null && v.strip().toLowerCase(Locale.ROOT).equals("true");
  }

  /** {@code ::set-env name=X::value}; returns the lines to log after the command. */
  List<String> setEnv(String line, Optional<String> name, String value) {
    if (!allowed) {
      return disabled(line, "set-env");
    }
    if (name.isEmpty() || name.get().isEmpty()) {
      return fail(line, "Required field 'name' is missing in ##[set-env] command.");
    }
    if (name.get().equalsIgnoreCase("NODE_OPTIONS")) {
      return List.of(
          "##[error]Can't update NODE_OPTIONS environment variable using ::set-env::"
              + " command.");
    }
    env.put(name.get(), value);
    return List.of();
  }

  /** {@code ::add-path::dir}; returns the lines to log after the command. */
  List<String> addPath(String line, String dir) {
    if (!allowed) {
      return disabled(line, "add-path");
    }
    if (dir.isEmpty()) {
      return fail(line, "Value cannot be null. (Parameter 'path')");
    }
    path.remove(dir);
    path.add(0, dir);
    return List.of();
  }

  boolean failed() {
    return failed;
  }

  /** Variables set, in order. */
  Map<String, String> env() {
    return env;
  }

  /** Directories added, the last added first (as it goes in front of PATH). */
  List<String> path() {
    return path;
  }

  private List<String> disabled(String line, String command) {
    return fail(
        line,
        "The `"
            + command
            + "` command is disabled. Please upgrade to using Environment Files or opt into"
            + " unsecure command execution by setting the `"
            + ALLOW
            + "` environment variable to `true`. For more information see:"
            + " https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/");
  }

  private List<String> fail(String line, String message) {
    failed = true;
    return List.of(
        "##[error]Unable to process command '" + line + "' successfully.", "##[error]" + message);
  }
}
