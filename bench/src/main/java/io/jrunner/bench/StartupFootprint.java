// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.TaskView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up time and footprint of a runner binary, the way an operator runs it: {@code
 * generate-config} (the default config, cache included), {@code register} against the fake Forgejo
 * (in this JVM, on loopback), then {@code daemon} from that directory.
 *
 * <ul>
 *   <li>{@code <binary> --version}: wall time, median of the runs;
 *   <li>process start → the first {@code FetchTask} the fake receives (the fake's own clock);
 *   <li>after {@code --idle} seconds of polling: RSS and PSS ({@code /proc/<pid>/smaps_rollup}),
 *       peak RSS ({@code VmHWM}) and the CPU the idle daemon used in that window, summed from
 *       {@code /proc/<pid>/task/*}/{@code schedstat} (nanoseconds run on a CPU);
 *   <li>with {@code --lines N}: one job printing N lines ({@code seq 1 N}), its wall time and the
 *       daemon's peak RSS ({@code VmHWM}) when it is done.
 * </ul>
 *
 * <p>Any binary with forgejo-runner's command line works (jrunner's {@code bin/jrunner},
 * forgejo-runner). Run (from the repository root, after {@code ./mvnw -o -q -B -pl bench -am
 * package -DskipTests}):
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.jrunner.bench.StartupFootprint \
 *     [--binary bin/jrunner] [--runs 5] [--idle 30] [--lines 1000000] \
 *     [--label ubuntu-latest:docker://runner-test/debian-node:bookworm] [--env NAME=VALUE]
 * </pre>
 *
 * Not a test: it prints figures, asserts nothing, and leaves its work directory for inspection.
 * {@code -Xmx1g}: the fake keeps every log row of the {@code --lines} job in memory.
 */
public final class StartupFootprint {
  private StartupFootprint() {}

  /** The command line, parsed. */
  record Options(
      String binary, int runs, int idleSeconds, long lines, String label, List<String> env) {}

  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    Path work = Files.createTempDirectory("startup-footprint-");
    System.out.println("binary " + o.binary() + ", work directory " + work);
    List<Double> versions = new ArrayList<>();
    for (int i = 0; i < o.runs() + 1; i++) {
      long t0 = System.nanoTime();
      run(work, List.of(o.binary(), "--version"), o.env());
      if (i > 0) { // the first run warms the page cache (and creates a CDS archive if any)
        versions.add((System.nanoTime() - t0) / 1e6);
      }
    }
    System.out.printf(Locale.ROOT, "--version: median %.0f ms %s%n", median(versions), versions);
    try (FakeForgejoServer server = FakeForgejoServer.start(0, null, Clock.systemUTC())) {
      String config = Files.readString(run(work, List.of(o.binary(), "generate-config"), o.env()));
      // The cache in the work directory: a daemon sharing ~/.cache/actcache with another process
      // (a second harness, a test) would start without its cache and measure less than it costs.
      Files.writeString(
          work.resolve("config.yaml"),
          config.replaceFirst(
              "(?m)^(cache:(?:\\n.*?)*?\\n  dir: )\"\"", "$1\"" + work + "/cache\""));
      run(
          work,
          List.of(
              o.binary(),
              "register",
              "--no-interactive",
              "--config",
              "config.yaml",
              "--instance",
              server.url(),
              "--token",
              server.registrationToken(),
              "--name",
              "footprint",
              "--labels",
              o.label()),
          o.env());
      List<Double> startups = new ArrayList<>();
      for (int i = 0; i < o.runs(); i++) {
        boolean last = i == o.runs() - 1;
        startups.add(daemon(server, work, o, last));
      }
      System.out.printf(
          Locale.ROOT, "start -> first FetchTask: median %.0f ms %s%n", median(startups), startups);
    }
  }

  /** One daemon run; returns start → first FetchTask in ms. Measures footprint on the last. */
  private static double daemon(FakeForgejoServer server, Path work, Options o, boolean measure)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(o.binary(), "daemon", "--config", "config.yaml")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("daemon.log").toFile());
    env(pb, o.env());
    Instant start = Instant.now();
    Process p = pb.start();
    Thread reap = new Thread(p::destroy); // this harness stopped by ^C: stop the daemon too
    Runtime.getRuntime().addShutdownHook(reap);
    try {
      RecordedCall first =
          server.awaitCall(
              "FetchTask", c -> !c.at().isBefore(start), Duration.ofMinutes(5)); // busy machines
      double ms = Duration.between(start, first.at()).toNanos() / 1e6;
      // CPU is steadier than wall time on a busy machine (threads that ended are not counted)
      System.out.printf(
          Locale.ROOT,
          "start -> first FetchTask: %.0f ms wall, %.0f ms CPU (schedstat)%n",
          ms,
          cpuNanos(p.pid()) / 1e6);
      if (!measure) {
        return ms;
      }
      long pid = p.pid();
      long cpu0 = cpuNanos(pid);
      long wall0 = System.nanoTime();
      Thread.sleep(o.idleSeconds() * 1000L);
      long cpu = cpuNanos(pid) - cpu0;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "idle after %d s: RSS %.1f MiB, PSS %.1f MiB, peak RSS %.1f MiB, threads %d%n",
          o.idleSeconds(),
          kib(pid, "smaps_rollup", "Rss:") / 1024.0,
          kib(pid, "smaps_rollup", "Pss:") / 1024.0,
          kib(pid, "status", "VmHWM:") / 1024.0,
          threads(pid));
      System.out.printf(
          Locale.ROOT,
          "idle CPU: %.1f ms in %.0f s = %.3f %% of a core (schedstat)%n",
          cpu / 1e6,
          wall,
          cpu / 1e7 / wall);
      if (o.lines() > 0) {
        flood(server, o, pid);
      }
      return ms;
    } finally {
      p.destroy();
      // a JVM writes its class-data sharing archive as it exits: give it time on a busy machine
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      Runtime.getRuntime().removeShutdownHook(reap);
    }
  }

  private static void flood(FakeForgejoServer server, Options o, long pid) throws Exception {
    String runsOn = o.label().split(":", 2)[0];
    long t0 = System.nanoTime();
    server.enqueueJob(FakeJob.of("flood", List.of(runsOn), "seq 1 " + o.lines()));
    TaskView task = server.awaitTask(Duration.ofMinutes(1));
    TaskView done = server.awaitTaskDone(task.id(), Duration.ofMinutes(20));
    System.out.printf(
        Locale.ROOT,
        "%d-line job: %s in %.1f s, %d lines stored; daemon peak RSS %.1f MiB, RSS after %.1f"
            + " MiB%n",
        o.lines(),
        done.result(),
        (System.nanoTime() - t0) / 1e9,
        done.lines().size(),
        kib(pid, "status", "VmHWM:") / 1024.0,
        kib(pid, "smaps_rollup", "Rss:") / 1024.0);
  }

  /** CPU time of every live thread of the process, in ns (second field is the wait time). */
  static long cpuNanos(long pid) throws IOException {
    long sum = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          sum += Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
        } catch (IOException e) {
          // the thread ended between list and read
        }
      }
    }
    return sum;
  }

  private static long threads(long pid) throws IOException {
    return kib(pid, "status", "Threads:");
  }

  /** A {@code Key: value kB} row of a /proc file. */
  static long kib(long pid, String file, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException(key + " not in /proc/" + pid + "/" + file);
  }

  /** Runs a command to completion in {@code dir}; its output goes to a file, whose path returns. */
  private static Path run(Path dir, List<String> command, List<String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out-", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(out.toFile());
    env(pb, env);
    int code = pb.start().waitFor();
    if (code != 0) {
      throw new IOException(command + " exited " + code + ": " + Files.readString(out));
    }
    return out;
  }

  private static void env(ProcessBuilder pb, List<String> env) {
    for (String kv : env) {
      String[] parts = kv.split("=", 2);
      pb.environment().put(parts[0], parts[1]);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static Options parse(String[] args) {
    String binary = "bin/jrunner";
    int runs = 5;
    int idle = 30;
    long lines = 0;
    String label = "ubuntu-latest:docker://runner-test/debian-node:bookworm";
    List<String> env = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--binary" -> binary = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--idle" -> idle = Integer.parseInt(args[++i]);
        case "--lines" -> lines = Long.parseLong(args[++i]);
        case "--label" -> label = args[++i];
        case "--env" -> env.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    return new Options(new File(binary).getAbsolutePath(), runs, idle, lines, label, env);
  }
}
