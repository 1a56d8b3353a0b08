// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.expr.Bounded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutated and hostile YAML: every document parses or fails with a {@link WorkflowException}, within
 * a time bound. Seeded, so a failure reproduces.
 */
class WorkflowFuzzTest {
  // Hang detection, not a speed target (that is bench/): generous for a loaded 2-core CI machine.
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String NOISE = "-:[]{}&*!|>'\"#%@`,?\t\n  ${}abc01";

  private final Bounded bounded = new Bounded();
  private final Random random = new Random(77_031L);

  @AfterEach
  void stop() {
    bounded.close();
  }

  @Test
  void mutatedWorkflows_parseOrFailTyped() throws Exception {
    List<String> seeds = seeds();
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits && !b.isEmpty(); e++) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(4)) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
          case 2 -> b.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
          default -> {
            int end = Math.min(b.length(), at + random.nextInt(40));
            b.insert(random.nextInt(b.length()), b.substring(at, end));
          }
        }
      }
      check(b.toString());
    }
  }

  @Test
  void hostileDocuments_failTypedAndFast() throws Exception {
    List<String> docs = new ArrayList<>();
    docs.add("a: " + "[".repeat(50_000));
    docs.add("a: " + "{a: ".repeat(20_000));
    StringBuilder nested = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      nested.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    docs.add(nested.toString());
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i < 40; i++) {
      bomb.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    docs.add(bomb + "on: *a39\njobs: {b: {runs-on: x, steps: [{run: a}]}}\n");
    docs.add("x".repeat(4 * 1024 * 1024));
    docs.add("on: " + "x".repeat(2 * 1024 * 1024));
    docs.add("a: &a [*a]\n");
    docs.add("&a a: *a\n");
    docs.add(
        "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n"
            + "      - run: echo ${{ 'x' }}\n".repeat(20_000));
    docs.add("on: !!int abc\njobs: {b: {runs-on: x, steps: [{run: a}]}}\n");
    docs.add("\uFEFF\u0000on: push");
    for (String d : docs) {
      check(d);
    }
  }

  private void check(String yaml) throws Exception {
    bounded.run(
        BOUND,
        () -> {
          try {
            assertThat(WorkflowParser.parse(yaml).value()).isNotNull();
          } catch (WorkflowException expected) {
            assertThat(expected.pos().line()).isPositive();
          }
          try {
            assertThat(ActionParser.parse(yaml).value()).isNotNull();
          } catch (WorkflowException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        },
        () -> yaml.length() > 300 ? yaml.substring(0, 300) : yaml);
  }

  private static List<String> seeds() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(WorkflowGoldenTest.DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        String s = Files.readString(p);
        if (s.length() < 5_000) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
