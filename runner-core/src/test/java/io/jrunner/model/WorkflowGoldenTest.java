// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each {@code src/test/resources/workflows/<case>/} holds a {@code workflow.yml} or
 * {@code action.yml} and the {@code expected.txt} canonical dump (records with positions, warnings,
 * matrix combinations, or the error). Run with {@code -Dgolden.update=true} to rewrite the expected
 * files, then read the diff.
 */
class WorkflowGoldenTest {
  static final Path DIR = Path.of("src/test/resources/workflows");

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(DIR)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        tests.add(
            DynamicTest.dynamicTest(
                dir.getFileName().toString(),
                () -> {
                  String actual = render(dir);
                  Path expected = dir.resolve("expected.txt");
                  if (update || !Files.exists(expected)) {
                    Files.writeString(expected, actual);
                  }
                  assertThat(actual).isEqualTo(Files.readString(expected));
                }));
      }
    }
    assertThat(tests).hasSizeGreaterThan(15);
    return tests.stream();
  }

  static String render(Path dir) throws IOException {
    Path workflow = dir.resolve("workflow.yml");
    boolean isWorkflow = Files.exists(workflow);
    String yaml = Files.readString(isWorkflow ? workflow : dir.resolve("action.yml"));
    StringBuilder out = new StringBuilder();
    try {
      Parsed<?> parsed = isWorkflow ? WorkflowParser.parse(yaml) : ActionParser.parse(yaml);
      out.append(ModelDump.dump(parsed.value()));
      for (WorkflowWarning w : parsed.warnings()) {
        out.append("warning: ").append(w).append('\n');
      }
      if (parsed.value() instanceof Workflow w) {
        for (Job job : w.jobs().values()) {
          if (job.strategy().isPresent() && job.strategy().get().matrix().isPresent()) {
            out.append("matrix of ").append(job.id()).append(":\n");
            try {
              out.append(
                  ModelDump.combos(MatrixExpander.expand(job.strategy().get().matrix().get())));
            } catch (WorkflowException e) {
              out.append("  error: ").append(e.getMessage()).append('\n');
            }
          }
          try {
            job.requireRunnable();
          } catch (WorkflowException e) {
            out.append("not runnable: ").append(e.getMessage()).append('\n');
          }
        }
      }
    } catch (WorkflowException e) {
      out.append("error: ").append(e.getMessage()).append('\n');
    }
    return out.toString();
  }
}
