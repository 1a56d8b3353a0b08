// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One step's files in the job environment: its script and the {@code GITHUB_OUTPUT}, {@code
 * GITHUB_ENV} and {@code GITHUB_PATH} files it may write, read back after it ran.
 */
final class StepFiles {
  private final String dir;

  StepFiles(String tempDir, int index) {
    this.dir = tempDir + "/step-" + index;
  }

  String script() {
    return dir + "/script";
  }

  /** The variables that point the step at its files. */
  Map<String, String> variables() {
    return Map.of(
        "GITHUB_OUTPUT", dir + "/output",
        "GITHUB_ENV", dir + "/env",
        "GITHUB_PATH", dir + "/path",
        "FORGEJO_OUTPUT", dir + "/output",
        "FORGEJO_ENV", dir + "/env",
        "FORGEJO_PATH", dir + "/path");
  }

  /** Writes the script and empties the command files. */
  void prepare(JobEnvironment env, String script) throws BackendException, InterruptedException {
    int code =
        env.exec(
            new ExecSpec(
                List.of(
                    "sh",
                    "-c",
                    "mkdir -p \"$1\" && printf '%s\\n' \"$JRUNNER_SCRIPT\" > \"$1/script\""
                        + " && : > \"$1/output\" && : > \"$1/env\" && : > \"$1/path\"",
                    "sh",
                    dir),
                Map.of("JRUNNER_SCRIPT", script),
                java.util.Optional.of("/"),
                java.util.Optional.empty()),
            (err, line) -> {});
    if (code != 0) {
      throw new BackendException("cannot write the step's script in the job environment");
    }
  }

  Map<String, String> readOutputs(JobEnvironment env)
      throws BackendException, InterruptedException {
    return EnvFiles.parse(read(env, dir + "/output"));
  }

  Map<String, String> readEnv(JobEnvironment env) throws BackendException, InterruptedException {
    return EnvFiles.parse(read(env, dir + "/env"));
  }

  List<String> readPath(JobEnvironment env) throws BackendException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (String line : read(env, dir + "/path")) {
      if (!line.isBlank()) {
        out.add(0, line.strip());
      }
    }
    return out;
  }

  private static List<String> read(JobEnvironment env, String file)
      throws BackendException, InterruptedException {
    List<String> lines = new ArrayList<>();
    int code =
        env.exec(
            ExecSpec.of("sh", "-c", "[ ! -f \"$0\" ] || cat \"$0\"", file),
            (err, line) -> {
              if (!err) {
                lines.add(line);
              }
            });
    if (code != 0) {
      throw new BackendException("cannot read " + file + " in the job environment");
    }
    return lines;
  }
}
