// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side harness (issue 16): drives jrunner and forgejo-runner (or any runner binary
 * speaking the protocol and reading forgejo-runner's config) through the fake Forgejo with the same
 * config, labels and local images, interleaving runs, and prints one Markdown table of medians with
 * both columns, the ratio and the raw Docker floor.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.jrunner.bench.sidebyside.SideBySide \
 *     [--short] [--rounds N] [--jrunner bin/jrunner] [--forgejo-runner /work/tools/forgejo-runner]
 * </pre>
 *
 * Without {@code --forgejo-runner} only jrunner is measured. {@code --short} is a smoke run (5 s
 * idle, a 10,000-line job, capacity 2, one round). Exit status 0 when every scenario of every
 * runner did its work, 1 otherwise (with the failing daemon's log tail on stderr).
 */
public final class SideBySide {
  private SideBySide() {}

  /** Options: the runners (first is the reference column), sizes, rounds, floor samples. */
  record Options(
      List<RunnerUnderTest> runners,
      Scenarios.Sizes sizes,
      int rounds,
      int floorSamples,
      java.util.Set<String> only) {
    /** Whether scenario {@code name} runs: every one unless {@code --only} named some. */
    boolean runs(String name) {
      return only.isEmpty() || only.contains(name);
    }
  }

  /** The scenario names {@code --only} accepts. */
  static final List<String> SCENARIOS =
      List.of("idle", "one-step", "twenty-steps", "sparse", "lines", "capacity");

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int rounds = -1;
    Path jrunner = Path.of("bin/jrunner");
    Path forgejo = null;
    java.util.Set<String> only = new java.util.TreeSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--short" -> quick = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--jrunner" -> jrunner = Path.of(args[++i]);
        case "--forgejo-runner" -> forgejo = Path.of(args[++i]);
        case "--only" -> {
          only.addAll(List.of(args[++i].split(",")));
          if (!SCENARIOS.containsAll(only)) {
            throw new IllegalArgumentException("side-by-side: --only takes some of " + SCENARIOS);
          }
        }
        default -> throw new IllegalArgumentException("side-by-side: unknown argument " + args[i]);
      }
    }
    List<RunnerUnderTest> runners = new ArrayList<>();
    if (forgejo != null) {
      runners.add(new RunnerUnderTest("forgejo-runner", forgejo.toAbsolutePath()));
    }
    runners.add(new RunnerUnderTest("jrunner", jrunner.toAbsolutePath()));
    Options options =
        new Options(
            runners,
            quick ? Scenarios.Sizes.SHORT : Scenarios.Sizes.FULL,
            rounds > 0 ? rounds : quick ? 1 : 3,
            quick ? 3 : 20,
            only);
    String header = header(options);
    Samples samples = new Samples();
    try {
      run(options, System.err, samples);
      Table.print(System.out, options, samples, header);
    } catch (IllegalStateException e) {
      System.err.println("side-by-side: " + e.getMessage());
      System.out.println("INCOMPLETE: a scenario failed; the figures below are what was measured.");
      Table.print(System.out, options, samples, header);
      throw e;
    }
  }

  /**
   * Runs every scenario: round {@code r} runs the runners in turn, the order alternating between
   * rounds; the idle window runs in the first round only. Progress goes to {@code progress}, the
   * figures to {@code samples} as they are measured.
   *
   * @throws IllegalStateException when a scenario did not do its work
   */
  static void run(Options options, PrintStream progress, Samples samples) throws Exception {
    Path root = Files.createTempDirectory("sbs-");
    Scenarios s = new Scenarios(options.sizes(), root, samples);
    progress.println("side-by-side: raw Docker floor (" + options.floorSamples() + " samples)");
    DockerFloor.measure(samples, options.floorSamples(), "runner-test/busybox:latest");
    for (int r = 0; r < options.rounds(); r++) {
      List<RunnerUnderTest> order = new ArrayList<>(options.runners());
      if (r % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (RunnerUnderTest runner : order) {
        progress.println("side-by-side: round " + (r + 1) + ", " + runner.name());
        if (r == 0 && options.runs("idle")) {
          step(progress, "idle", () -> s.idle(runner));
        }
        if (options.runs("one-step")) {
          step(progress, "1-step job", () -> s.oneStep(runner));
        }
        if (options.runs("twenty-steps")) {
          step(progress, "20-step job", () -> s.twentySteps(runner));
        }
        if (options.runs("sparse")) {
          step(progress, "sparse log", () -> s.sparse(runner));
        }
        if (options.runs("lines")) {
          step(progress, options.sizes().lines() + "-line job", () -> s.manyLines(runner));
        }
        if (options.runs("capacity")) {
          step(progress, "capacity " + options.sizes().capacity(), () -> s.capacity(runner));
        }
      }
    }
    Files.deleteIfExists(root);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static void step(PrintStream progress, String name, Step step) throws Exception {
    long t0 = System.nanoTime();
    step.run();
    progress.printf("  %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  static String header(Options options) throws IOException, InterruptedException {
    StringBuilder h = new StringBuilder();
    h.append("Run at ")
        .append(Instant.now())
        .append(", ")
        .append(options.rounds())
        .append(" interleaved round(s); load average before: ")
        .append(Files.readString(Path.of("/proc/loadavg")).trim())
        .append("; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs\n");
    for (RunnerUnderTest r : options.runners()) {
      h.append(r.name())
          .append(": ")
          .append(r.executable())
          .append(" — ")
          .append(version(r))
          .append('\n');
    }
    return h.toString();
  }

  private static String version(RunnerUnderTest r) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(r.executable().toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out.trim().replace('\n', ' ');
  }
}
