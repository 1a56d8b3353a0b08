// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import io.jrunner.expr.Condition;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Value;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A typical step condition, {@code github.ref == 'refs/heads/main' && success()}, against a github
 * context of realistic size: parsed once and evaluated, and parsed plus evaluated (what a runner
 * does when it sees the condition for the first time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IfConditionBenchmark {
  static final String IF = "github.ref == 'refs/heads/main' && success()";

  private Evaluator evaluator;
  private Condition parsed;

  @Setup
  public void setUp() throws ExpressionException {
    Map<String, Value> github = new java.util.LinkedHashMap<>();
    for (String key :
        new String[] {
          "action",
          "actor",
          "api_url",
          "base_ref",
          "event_name",
          "head_ref",
          "job",
          "ref_name",
          "ref_type",
          "repository",
          "repository_owner",
          "run_id",
          "run_number",
          "server_url",
          "sha",
          "workflow",
          "workspace"
        }) {
      github.put(key, Value.of(key + "-value"));
    }
    github.put("ref", Value.of("refs/heads/main"));
    evaluator = new Evaluator(EvaluationContext.of(Map.of("github", new Value.Obj(github))));
    parsed = Condition.parse(IF);
  }

  @Benchmark
  public boolean evaluateParsed() throws ExpressionException {
    return parsed.test(evaluator);
  }

  @Benchmark
  public boolean parseAndEvaluate() throws ExpressionException {
    return Condition.parse(IF).test(evaluator);
  }
}
