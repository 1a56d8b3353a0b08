// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runner binary that speaks Forgejo's runner protocol and reads forgejo-runner's {@code
 * config.yaml}: jrunner ({@code bin/jrunner}) or forgejo-runner. Both are driven by the same
 * commands: {@code register --no-interactive --instance URL --token T --name N --labels L -c
 * config.yaml}, then {@code daemon -c config.yaml}, each in the scenario's own working directory.
 *
 * @param name the column name in the table
 * @param executable the binary or launcher script
 */
record RunnerUnderTest(String name, Path executable) {

  /** The labels both runners get: local images only, nothing is pulled. */
  static final List<String> LABELS =
      List.of(
          "busybox:docker://runner-test/busybox:latest",
          "debian:docker://runner-test/debian-node:bookworm");

  /**
   * Writes the shared configuration into {@code dir}: the generated defaults of both runners with
   * the benchmark's labels, {@code capacity}, {@code force_pull: false} and a 10 s shutdown.
   */
  static Path writeConfig(Path dir, int capacity) throws IOException {
    StringBuilder labels = new StringBuilder();
    for (String label : LABELS) {
      labels.append("    - ").append(label).append('\n');
    }
    String yaml =
        """
        log:
          level: info
        runner:
          file: .runner
          capacity: %d
          timeout: 3h
          shutdown_timeout: 10s
          fetch_timeout: 5s
          fetch_interval: 2s
          report_interval: 1s
          labels:
        %scache:
          enabled: true
        container:
          force_pull: false
          docker_host: "-"
        """
            .formatted(capacity, labels);
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml);
    return config;
  }

  /**
   * Registers this runner with the fake in {@code dir} (writes {@code .runner} there).
   *
   * @throws IOException when the command fails; its output is in {@code register.log}
   */
  void register(Path dir, String instance, String token) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(executable.toString(), "register", "--no-interactive"));
    cmd.addAll(
        List.of(
            "--instance",
            instance,
            "--token",
            token,
            "--name",
            "bench-" + name,
            "--labels",
            String.join(",", LABELS),
            "-c",
            "config.yaml"));
    Path log = dir.resolve("register.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(name + " register did not finish in 120 s; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          name + " register failed (exit " + p.exitValue() + "): " + Files.readString(log));
    }
  }

  /** A started daemon and the instant just before its process was created. */
  record Daemon(Process process, Instant spawned, Path log) implements AutoCloseable {
    long pid() {
      return process.pid();
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    /** Fails with the daemon's log when it has exited. */
    void checkAlive() throws IOException {
      if (!process.isAlive()) {
        throw new IOException("daemon exited with " + process.exitValue() + ": " + tail(log));
      }
    }
  }

  /** Starts {@code daemon -c config.yaml} in {@code dir}, output to {@code daemon.log}. */
  Daemon startDaemon(Path dir) throws IOException {
    Path log = dir.resolve("daemon.log");
    ProcessBuilder pb =
        new ProcessBuilder(executable.toString(), "daemon", "-c", "config.yaml")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Instant spawned = Instant.now();
    return new Daemon(pb.start(), spawned, log);
  }

  /** The last 30 lines of a log file, for error messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
