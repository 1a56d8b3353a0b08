// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import io.jrunner.model.Parsed;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing a generated workflow of about 2,000 lines ({@link GeneratedWorkflow}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkflowParseBenchmark {
  private String yaml;

  @Setup
  public void setUp() {
    yaml = GeneratedWorkflow.lines(2_000);
  }

  @Benchmark
  public Parsed<Workflow> parse() throws WorkflowException {
    return WorkflowParser.parse(yaml);
  }
}
