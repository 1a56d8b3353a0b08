// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private registry for tests: Debian's {@code docker-registry} ({@code /usr/bin/docker-registry},
 * override with {@code JRUNNER_REGISTRY_BIN}) with htpasswd (bcrypt) auth for one user, on {@code
 * localhost:<free port>}, storing into a temp dir. Docker pulls from any {@code localhost} registry
 * over plain HTTP, so no TLS is needed. A missing binary is a failure, not a skip: {@code .ci/run}
 * installs it.
 */
final class LocalRegistry implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Process process;
  private final int port;

  private LocalRegistry(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Starts the registry and waits until {@code /v2/} answers 401 (auth is on). */
  static LocalRegistry start(String user, String password)
      throws IOException, InterruptedException {
    Path binary = Path.of(env("JRUNNER_REGISTRY_BIN", "/usr/bin/docker-registry"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing: install Debian's registry and htpasswd"
              + " (apt-get install -y --no-install-recommends docker-registry apache2-utils),"
              + " as .ci/run does");
    }
    Path dir = Files.createTempDirectory("jrunner-registry-");
    Files.writeString(dir.resolve("htpasswd"), htpasswd(user, password));
    int port = freePort();
    Files.writeString(
        dir.resolve("config.yml"),
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        auth:
          htpasswd:
            realm: jrunner-test
            path: %s
        """
            .formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
    Process process =
        new ProcessBuilder(binary.toString(), "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(dir, process, port);
    try {
      registry.awaitReady();
      return registry;
    } catch (IOException | InterruptedException | RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** {@code localhost:PORT}, the registry part of image references. */
  String host() {
    return "localhost:" + port;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        last = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 401) {
          return;
        }
      } catch (IOException notYet) {
        last = -1;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "docker-registry did not answer /v2/ with 401 within "
            + START_TIMEOUT
            + " (last status "
            + last
            + "): "
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("registry.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** A bcrypt htpasswd line from {@code htpasswd -nbB} (apache2-utils). */
  private static String htpasswd(String user, String password)
      throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(env("JRUNNER_HTPASSWD_BIN", "htpasswd"), "-nbB", user, password)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "htpasswd is missing: apt-get install -y --no-install-recommends apache2-utils", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || !out.startsWith(user + ":$2")) {
      throw new IllegalStateException("htpasswd -nbB failed: " + out.replace(password, "***"));
    }
    return out + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Stops the registry and deletes its storage. Idempotent. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
