// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.expr.Condition;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.HashFiles;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Json;
import io.jrunner.expr.Parser;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.expr.WorkspaceFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner expr '<expression>' [--context ctx.json]}: evaluates a {@code ${{ }}} expression
 * the way a job would and prints the result as JSON. A debugging aid; see docs/expressions.md.
 */
@Command(
    name = "expr",
    description = {
      "Evaluate a $${{ }} expression against a JSON context and print the result as JSON.",
      "The context file is an object keyed by context name: {\"github\": {…}, \"env\": {…}}."
    })
final class ExprCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "EXPRESSION",
      description = "the expression, with or without $${{ }}; text around $${{ }} is a template")
  String expression;

  @Option(
      names = "--context",
      paramLabel = "FILE",
      description =
          "a JSON object of contexts (github, env, vars, secrets, steps, needs, matrix, …)")
  Path contextFile;

  @Option(
      names = "--status",
      paramLabel = "STATE",
      description =
          "what success()/failure()/cancelled() see: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "SUCCESS")
  JobStatus.State status;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description = "the directory hashFiles() reads (default: the current directory)")
  Path workspace;

  @Option(
      names = "--if",
      description = "evaluate as an if: condition (implicit success() &&) and print true or false")
  boolean condition;

  ExprCommand(CliContext context) {
    // The context is not needed: the command reads only its arguments and files.
  }

  @Override
  public Integer call() throws UserError {
    Evaluator evaluator = new Evaluator(context());
    Value result;
    try {
      if (condition) {
        result = Value.of(Condition.parse(expression).test(evaluator));
      } else if (Template.hasExpressions(expression) && !isExpression(expression)) {
        result = Template.parse(expression).evaluate(evaluator);
      } else {
        result = evaluator.evaluate(expression);
      }
      spec.commandLine().getOut().println(write(result));
    } catch (ExpressionException e) {
      throw new UserError(ExitCode.FAILURE, "invalid expression: " + e.pointingInto(expression));
    }
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }

  private EvaluationContext context() throws UserError {
    Value.Obj contexts = new Value.Obj(java.util.Map.of());
    if (contextFile != null) {
      String text;
      try {
        text = Files.readString(contextFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError(
            ExitCode.USAGE, "cannot read " + contextFile + ": " + e.getMessage(), e);
      }
      try {
        if (!(Json.parse(text) instanceof Value.Obj obj)) {
          throw new UserError(
              ExitCode.USAGE,
              contextFile
                  + " must hold a JSON object keyed by context name, like {\"github\": {}}");
        }
        contexts = obj;
      } catch (ExpressionException e) {
        throw new UserError(ExitCode.USAGE, contextFile + ": " + e.getMessage(), e);
      }
    }
    Path root = workspace != null ? workspace : Path.of("").toAbsolutePath();
    return new EvaluationContext(
        contexts, JobStatus.of(status), new HashFiles(WorkspaceFiles.local(root)));
  }

  /**
   * Whether the whole text is one expression: then an opening dollar and two braces inside one of
   * its string literals is text, not the start of a template.
   */
  private static boolean isExpression(String text) {
    try {
      Parser.parse(text);
      return true;
    } catch (ExpressionException e) {
      return false;
    }
  }

  /** JSON, except that numbers JSON cannot hold print as {@code NaN}, {@code Infinity}. */
  static String write(Value result) throws ExpressionException {
    String marker = "\u0000jrunner-number:";
    String json = Json.write(nonFinite(result, marker), Integer.MAX_VALUE - 64);
    return json.replaceAll("\"\\\\u0000jrunner-number:([^\"]*)\"", "$1");
  }

  private static Value nonFinite(Value v, String marker) {
    return switch (v) {
      case Value.Num n when Double.isNaN(n.value()) -> Value.of(marker + "NaN");
      case Value.Num n when Double.isInfinite(n.value()) ->
          Value.of(marker + (n.value() > 0 ? "Infinity" : "-Infinity"));
      case Value.Arr a -> new Value.Arr(a.items().stream().map(i -> nonFinite(i, marker)).toList());
      case Value.Obj o -> {
        java.util.Map<String, Value> m = new java.util.LinkedHashMap<>();
        o.entries().forEach((k, x) -> m.put(k, nonFinite(x, marker)));
        yield new Value.Obj(m);
      }
      default -> v;
    };
  }
}
