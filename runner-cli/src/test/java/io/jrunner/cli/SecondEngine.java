// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of a test's own, so that stopping and restarting it leaves the main engine (and
 * the tests running on it in parallel) untouched: its own network namespace (a {@code dockerd} in
 * the host's would take over {@code docker0}), data root, exec root (hence its own containerd) and
 * socket, all under one temporary directory. Needs root, {@code ip netns} and {@code nsenter}, as
 * the CI machines have. Nothing is pulled: images are copied from the main engine with {@code
 * docker save | docker load}. Not thread-safe; one test at a time.
 */
final class SecondEngine implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);

  private final Path root;
  private final String netns;
  private Process dockerd;

  private SecondEngine(Path root, String netns) {
    this.root = root;
    this.netns = netns;
  }

  /** Creates the namespace and starts the engine. */
  static SecondEngine start() throws Exception {
    Path root = Files.createTempDirectory("jrunner-faults-engine-");
    SecondEngine engine = new SecondEngine(root, "jrunner-faults-" + ProcessHandle.current().pid());
    run("ip", "netns", "add", engine.netns);
    run("ip", "netns", "exec", engine.netns, "ip", "link", "set", "lo", "up");
    engine.up();
    return engine;
  }

  /** The {@code DOCKER_HOST} of this engine. */
  String host() {
    return "unix://" + root.resolve("docker.sock");
  }

  /** Copies an image of the main engine into this one. */
  void load(String image) throws Exception {
    run("sh", "-c", "docker save '" + image + "' | docker -H '" + host() + "' load");
  }

  /** Starts dockerd (again) on the same data root; returns once its API answers. */
  void up() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "nsenter",
                "--net=/var/run/netns/" + netns,
                "dockerd",
                "-H",
                host(),
                "--pidfile",
                root.resolve("docker.pid").toString(),
                "--data-root",
                root.resolve("data").toString(),
                "--exec-root",
                root.resolve("exec").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()));
    dockerd = pb.start();
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!dockerd.isAlive()) {
        throw new IllegalStateException("dockerd exited: " + log());
      }
      if (quiet("docker", "-H", host(), "version") == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("dockerd did not answer within " + START + ": " + log());
  }

  /** Stops dockerd as a restart does (SIGTERM: it stops its containers, then exits). */
  void down() throws InterruptedException {
    dockerd.destroy();
    assertThat(dockerd.waitFor(90, TimeUnit.SECONDS)).as("dockerd stopped").isTrue();
  }

  String log() {
    try {
      return Files.readString(root.resolve("dockerd.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Stops the engine, removes its namespace and every file it had. */
  @Override
  public void close() throws IOException {
    try {
      if (dockerd != null && dockerd.isAlive()) {
        down();
      }
      quiet("ip", "netns", "del", netns);
      // dockerd leaves its data root mounted on itself (and overlays, if it died): unmount first.
      List<String> mounts =
          Files.readAllLines(Path.of("/proc/mounts")).stream()
              .map(l -> l.split(" ")[1])
              .filter(m -> m.startsWith(root.toString()))
              .sorted(java.util.Comparator.reverseOrder())
              .toList();
      for (String m : mounts) {
        quiet("umount", m);
      }
      quiet("rm", "-rf", root.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while removing the second engine", e);
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  private static int quiet(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
