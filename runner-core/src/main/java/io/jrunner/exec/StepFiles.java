// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One step's files in the job environment: its script and the {@code GITHUB_OUTPUT}, {@code
 * GITHUB_ENV}, {@code GITHUB_PATH}, {@code GITHUB_STATE} and {@code GITHUB_STEP_SUMMARY} files it
 * may write. Written and read back by the step's own exec ({@link #runThenReport}), or else with
 * one exec before the step and one after it.
 */
final class StepFiles {
  private static final List<String> FILES = List.of("output", "env", "path", "state", "summary");

  /**
   * Creates the directory ($1), writes {@code JRUNNER_SCRIPT} to its script when set, and empties
   * the command files.
   */
  private static final String PREPARE =
      "mkdir -p \"$1\" && { [ -z \"${JRUNNER_SCRIPT+x}\" ] || printf '%s\\n'"
          + " \"$JRUNNER_SCRIPT\" > \"$1/script\"; }"
          + " && : > \"$1/output\" && : > \"$1/env\" && : > \"$1/path\""
          + " && : > \"$1/state\" && : > \"$1/summary\"";

  private final String dir;

  /**
   * @param name unique per job (e.g. {@code step-3}, or a counter for composite and post steps)
   */
  StepFiles(String tempDir, String name) {
    this.dir = tempDir + "/" + name;
  }

  String dir() {
    return dir;
  }

  String script() {
    return dir + "/script";
  }

  /** The variables that point the step at its files. */
  Map<String, String> variables() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String prefix : List.of("GITHUB_", "FORGEJO_")) {
      out.put(prefix + "OUTPUT", dir + "/output");
      out.put(prefix + "ENV", dir + "/env");
      out.put(prefix + "PATH", dir + "/path");
      out.put(prefix + "STATE", dir + "/state");
      out.put(prefix + "STEP_SUMMARY", dir + "/summary");
    }
    return out;
  }

  /** Prints the five command files of directory $d, each after the marker $m. */
  private static final String PRINT_FILES =
      "for f in output env path state summary; do printf '%s\\n' \"$m\";"
          + " [ ! -f \"$d/$f\" ] || { cat \"$d/$f\"; printf '\\n'; }; done";

  /**
   * {@code command} preceded by writing {@code script} and emptying the command files, in the same
   * process; the script travels in {@code JRUNNER_SCRIPT} ({@link #scriptVariable}), unset before
   * the command starts. The shell runs {@code command} as its child and then prints the command
   * files to standard output for {@code report}, and exits with the command's code: a step costs
   * one exec. The shell survives SIGINT and SIGTERM (sent to the step's process group when it is
   * cancelled) to print the report; the command itself gets them with their default action. Killed
   * (SIGKILL), it prints nothing and {@link #read(JobEnvironment, StepReport)} reads the files with
   * an exec of their own.
   */
  List<String> runThenReport(List<String> command, StepReport report) {
    List<String> out = new ArrayList<>();
    out.add("sh");
    out.add("-c");
    out.add(
        "{ "
            + PREPARE
            + "; } || { printf 'Error: cannot write the step files in %s (is its file system full"
            + " or read-only?)\\n' \"$1\" >&2; exit 1; }; unset JRUNNER_SCRIPT && d=$1 && m=$2"
            + " && shift 2 && trap : INT TERM"
            + " && { \"$@\"; r=$?; printf '%s\\n' \"$m\"begin; "
            + PRINT_FILES
            + "; printf '%s\\n' \"$m\"end; exit $r; }");
    out.add("sh");
    out.add(dir);
    out.add(report.marker());
    out.addAll(command);
    return out;
  }

  /** The variable {@link #runThenReport} reads the script from. */
  static Map<String, String> scriptVariable(String script) {
    return Map.of("JRUNNER_SCRIPT", script);
  }

  /** Writes the script (when given) and empties the command files. */
  void prepare(JobEnvironment env, Optional<String> script)
      throws BackendException, InterruptedException {
    int code =
        env.exec(
            new ExecSpec(
                List.of("sh", "-c", PREPARE, "sh", dir),
                script.map(s -> Map.of("JRUNNER_SCRIPT", s)).orElse(Map.of()),
                Optional.of("/"),
                Optional.empty()),
            (err, line) -> {});
    if (code != 0) {
      throw new BackendException("cannot write the step's files in the job environment");
    }
  }

  /** What a step wrote to its command files. */
  record Written(
      Map<String, String> outputs,
      Map<String, String> env,
      List<String> path,
      Map<String, String> state,
      List<String> summary) {}

  /**
   * The command files as {@code report} got them from the step's process, or else (the report was
   * cut short) read back with one exec.
   */
  Written read(JobEnvironment env, StepReport report)
      throws BackendException, InterruptedException {
    Optional<List<List<String>>> sections = report.sections(FILES.size());
    return sections.isPresent() ? parse(sections.get()) : read(env);
  }

  /** Reads all command files back with one exec. */
  Written read(JobEnvironment env) throws BackendException, InterruptedException {
    byte[] random = new byte[8];
    ThreadLocalRandom.current().nextBytes(random);
    String marker = "::jrunner-" + HexFormat.of().formatHex(random) + "::";
    List<List<String>> sections = new ArrayList<>();
    int code =
        env.exec(
            ExecSpec.of("sh", "-c", "d=$1 m=$2; " + PRINT_FILES, "sh", dir, marker),
            (err, line) -> {
              if (err) {
                return;
              }
              if (line.equals(marker)) {
                sections.add(new ArrayList<>());
              } else if (!sections.isEmpty()) {
                sections.getLast().add(line);
              }
            });
    if (code != 0 || sections.size() != FILES.size()) {
      throw new BackendException("cannot read the step's command files in " + dir);
    }
    return parse(sections);
  }

  private static Written parse(List<List<String>> sections) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (int i = 0; i < FILES.size(); i++) {
      List<String> lines = sections.get(i);
      // The newline printed after each file: drop it (and the file's own last newline).
      if (!lines.isEmpty() && lines.getLast().isEmpty()) {
        lines.removeLast();
      }
      contents.put(FILES.get(i), lines);
    }
    List<String> path = new ArrayList<>();
    for (String line : contents.get("path")) {
      if (!line.isBlank()) {
        path.add(0, line.strip());
      }
    }
    return new Written(
        EnvFiles.parse(contents.get("output")),
        EnvFiles.parse(contents.get("env")),
        path,
        EnvFiles.parse(contents.get("state")),
        contents.get("summary"));
  }
}
