// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.model.ActionParser;
import io.jrunner.model.Parsed;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowLint;
import io.jrunner.model.WorkflowParser;
import io.jrunner.model.WorkflowWarning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner validate [PATH...]}: parses workflow files (and {@code action.yml} files) the way
 * the runner will, and prints every error and warning as {@code file:line:column: ...}.
 */
@Command(
    name = "validate",
    description = {
      "Check workflow files (and action.yml files) as the runner reads them.",
      "Prints file:line:column for every error and warning; exit code 1 if any file is invalid."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "workflow files or directories (default: .forgejo/workflows)")
  List<Path> paths = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path p : paths.isEmpty() ? List.of(Path.of(".forgejo", "workflows")) : paths) {
      files.addAll(yamlFiles(p));
    }
    PrintWriter out = spec.commandLine().getOut();
    int invalid = 0;
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String name = file.getFileName().toString();
      boolean action = name.equals("action.yml") || name.equals("action.yaml");
      List<WorkflowException> errors = action ? List.of() : WorkflowLint.check(text);
      try {
        Parsed<?> parsed = action ? ActionParser.parse(text) : WorkflowParser.parse(text);
        for (WorkflowWarning w : parsed.warnings()) {
          out.println(
              file + ":" + w.pos().line() + ":" + w.pos().column() + ": warning: " + w.message());
        }
      } catch (WorkflowException e) {
        if (errors.isEmpty()) {
          errors = List.of(e);
        }
      }
      for (WorkflowException e : errors) {
        out.println(
            file + ":" + e.pos().line() + ":" + e.pos().column() + ": error: " + e.problem());
      }
      if (errors.isEmpty()) {
        out.println(file + ": ok");
      } else {
        invalid++;
      }
    }
    out.flush();
    if (invalid > 0) {
      throw new UserError(
          ExitCode.FAILURE, invalid + " of " + files.size() + " file(s) are not valid");
    }
    return ExitCode.OK.code();
  }

  private static List<Path> yamlFiles(Path path) throws IOException, UserError {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new UserError(ExitCode.USAGE, path + " does not exist");
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
