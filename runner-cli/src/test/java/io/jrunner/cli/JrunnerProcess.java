// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.testkit.FakeForgejoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code jrunner.jar} as a separate process, as a user would. */
final class JrunnerProcess {
  static final Path JAR = Path.of("target", "jrunner.jar").toAbsolutePath();

  private JrunnerProcess() {}

  /** A finished run. */
  record Result(int exitCode, String stdout, String stderr, long pid) {}

  static Process start(Path workDir, String... args) throws IOException {
    return start(List.of(), workDir, args);
  }

  /**
   * Starts jrunner with extra JVM options (e.g. {@code -Xmx64m}) before {@code -jar}, as {@code
   * bin/jrunner} passes {@code JRUNNER_JAVA_OPTS}.
   */
  static Process start(List<String> jvmOptions, Path workDir, String... args) throws IOException {
    return start(jvmOptions, java.util.Map.of(), workDir, args);
  }

  /**
   * Registers a runner in {@code workDir} with the fake's current registration token, without
   * prompting; fails the calling test when {@code register} does not exit 0.
   */
  static void register(Path workDir, FakeForgejoServer server, String labels)
      throws IOException, InterruptedException {
    Result r =
        run(
            workDir,
            "register",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken(),
            "--labels",
            labels);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  /** The uuid of the runner registered in {@code workDir} (its {@code .runner} file). */
  static String runnerUuid(Path workDir) throws IOException {
    return com.google.gson.JsonParser.parseString(Files.readString(workDir.resolve(".runner")))
        .getAsJsonObject()
        .get("uuid")
        .getAsString();
  }

  /** With extra environment variables (e.g. {@code DOCKER_HOST}). */
  static Process start(
      List<String> jvmOptions, java.util.Map<String, String> env, Path workDir, String... args)
      throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the ITs after `package`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("JRUNNER_REGISTRATION_TOKEN");
    pb.environment().putAll(env);
    pb.redirectOutput(workDir.resolve("stdout.txt").toFile());
    pb.redirectError(workDir.resolve("stderr.txt").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    return pb.start();
  }

  /** Stops a daemon with SIGTERM, then SIGKILL after a minute; nothing when it is null. */
  static void stop(Process daemon) throws InterruptedException {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    Process p = start(workDir, args);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jrunner " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), stdout(workDir), stderr(workDir), p.pid());
  }

  static String stdout(Path workDir) throws IOException {
    return Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8);
  }

  static String stderr(Path workDir) throws IOException {
    return Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8);
  }
}
