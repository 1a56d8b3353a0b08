// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.DotEnvFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code jrunner exec}'s options for choosing what runs and with what (act's names): triggers,
 * plan, matrix filter, actor, env and secret files, the workspace contents, the checkout shortcut
 * and a config file for container settings. A picocli mixin; plain values once parsed.
 */
final class ExecFlags {
  @Option(
      names = "--all",
      description = "run every workflow, whatever its on: says about the event")
  boolean all;

  @Option(
      names = {"-l", "--list"},
      description = "print the plan (workflows, their jobs by needs stage) and run nothing")
  boolean list;

  @Option(
      names = {"-n", "--dryrun"},
      description = "decide and print what would run, then run nothing")
  boolean dryrun;

  @Option(
      names = "--base",
      paramLabel = "BRANCH",
      description =
          "the base branch of a pull_request (default: the payload's, else the repository's"
              + " default branch)")
  String base;

  @Option(
      names = "--matrix",
      paramLabel = "KEY:VALUE",
      description = "run only the matrix combinations with this value (repeatable)")
  List<String> matrix = new ArrayList<>();

  @Option(
      names = "--actor",
      paramLabel = "LOGIN",
      description = "github.actor and the payload's sender (default: jrunner)")
  String actor;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "a dotenv file of variables for the env context (before --env)")
  Path envFile;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "a dotenv file of secrets (before -s)")
  Path secretFile;

  @Option(
      names = "--use-gitignore",
      arity = "0..1",
      paramLabel = "BOOL",
      description =
          "copy only what git tracks and untracked files .gitignore keeps (default: true;"
              + " false copies every file)")
  boolean useGitignore = true;

  @Option(
      names = "--no-skip-checkout",
      description =
          "run actions/checkout of the own repository for real instead of the working copy")
  boolean noSkipCheckout;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "a runner config.yaml whose container: settings apply (docker_host, network, options,"
              + " privileged, valid_volumes, force_pull)")
  Path config;

  /** {@code --matrix} as key → kept values. */
  Map<String, List<String>> matrixFilter() throws UserError {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String m : matrix) {
      int colon = m.indexOf(':');
      if (colon <= 0) {
        throw new UserError(ExitCode.USAGE, "--matrix " + m + ": expected KEY:VALUE");
      }
      out.computeIfAbsent(m.substring(0, colon), k -> new ArrayList<>())
          .add(m.substring(colon + 1));
    }
    return out;
  }

  /** The variables of {@code file} (empty when null), over {@code environment} for $VAR. */
  static Map<String, String> dotenv(Path file, String flag, Map<String, String> environment)
      throws UserError {
    if (file == null) {
      return Map.of();
    }
    try {
      return DotEnvFiles.read(file, environment);
    } catch (IOException e) {
      throw new UserError(
          ExitCode.USAGE, flag + " " + file + ": cannot read it: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, flag + " " + file + ": " + e.getMessage());
    }
  }

  /** Whether the console is a terminal that takes colours ({@code NO_COLOR} unset). */
  static boolean colourTerminal(Map<String, String> env) {
    java.io.Console console = System.console();
    if (console == null || env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"))) {
      return false;
    }
    try {
      // JDK 22+: a Console exists for redirected streams too; isTerminal() tells them apart.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a Console exists only for a terminal
    }
  }
}
