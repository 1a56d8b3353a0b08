// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.cancel.Cancellation;
import io.jrunner.docker.DockerBackend;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.DockerSettings;
import io.jrunner.docker.Reaper;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A harness (not JMH: each sample is a Docker round trip of tens to hundreds of milliseconds)
 * comparing jrunner's per-step overhead and job set-up time with raw Docker:
 *
 * <ul>
 *   <li>raw {@code docker exec} of {@code true} through the API (docker-java), and through the CLI;
 *   <li>raw {@code docker run --rm} of {@code true} through the API, and through the CLI;
 *   <li>a jrunner job of N {@code run: true} steps: set-up (JobStarted → first step), per step
 *       (StepStarted → StepFinished, which includes writing the script and reading the command
 *       files back), tear-down (last step → environment removed).
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.jrunner.bench.DockerOverhead [samples]
 * [image]} with a Docker engine and {@code runner-test/busybox:latest}. Prints medians and p90s.
 */
public final class DockerOverhead {
  private DockerOverhead() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String image = args.length > 1 ? args[1] : "runner-test/busybox:latest";
    try (DockerClient docker =
        DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(2))) {
      String idle =
          docker.createContainerCmd(image).withEntrypoint("tail", "-f", "/dev/null").exec().getId();
      docker.startContainerCmd(idle).exec();
      try {
        report("raw docker exec (API)", sample(n, () -> RawDocker.execTrue(docker, idle)));
        report("raw docker exec (CLI)", sample(n, () -> cli("docker", "exec", idle, "true")));
      } finally {
        docker.removeContainerCmd(idle).withForce(true).exec();
      }
      report("raw docker run --rm (API)", sample(n, () -> apiRun(docker, image)));
      report(
          "raw docker run --rm (CLI)",
          sample(n, () -> cli("docker", "run", "--rm", image, "true")));
      jrunner(docker, image, n);
    }
  }

  private static void jrunner(DockerClient docker, String image, int n) throws Exception {
    StringBuilder yaml = new StringBuilder("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("      - run: 'true'\n");
    }
    Workflow workflow = WorkflowParser.parse(yaml.toString()).value();
    JobRunner runner =
        new JobRunner(new DockerBackend(docker, DockerSettings.defaults()), Clock.systemUTC());
    List<Long> setup = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    List<Long> teardown = new ArrayList<>();
    int jobs = 5;
    for (int j = 0; j < jobs; j++) {
      String runnerId = "bench-" + System.nanoTime();
      List<Instant> started = new ArrayList<>();
      List<Instant> finished = new ArrayList<>();
      Instant[] jobStart = new Instant[1];
      long t0 = System.nanoTime();
      runner.run(
          new JobRequest(
              workflow,
              workflow.jobs().get("j"),
              Map.of(),
              new JobSpec(runnerId, 1, image, Map.of(), "/workspace/o/r", List.of())),
          event -> {
            switch (event) {
              case JobEvent.JobStarted s -> jobStart[0] = s.at();
              case JobEvent.StepStarted s -> started.add(s.at());
              case JobEvent.StepFinished f -> finished.add(f.at());
              default -> {}
            }
          },
          Cancellation.root());
      long total = (System.nanoTime() - t0) / 1_000_000;
      setup.add(Duration.between(jobStart[0], started.getFirst()).toMillis());
      for (int i = 0; i < started.size(); i++) {
        steps.add(Duration.between(started.get(i), finished.get(i)).toMillis());
      }
      long untilLastStep = Duration.between(jobStart[0], finished.getLast()).toMillis();
      teardown.add(total - untilLastStep);
      new Reaper(docker).sweep(runnerId);
    }
    report("jrunner job set-up (network + container + bash probe)", setup);
    report("jrunner step `run: true` (script, exec, command files)", steps);
    report("jrunner job tear-down (containers + network removed)", teardown);
  }

  private interface Sample {
    void run() throws Exception;
  }

  private static List<Long> sample(int n, Sample s) throws Exception {
    for (int i = 0; i < 3; i++) {
      s.run();
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      s.run();
      out.add((System.nanoTime() - t0) / 1_000_000);
    }
    return out;
  }

  private static void apiRun(DockerClient docker, String image) throws Exception {
    String id = docker.createContainerCmd(image).withCmd("true").exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private static void cli(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    long p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    System.out.printf(
        "%-58s median %4d ms   p90 %4d ms   (n=%d)%n", what, median, p90, sorted.size());
  }
}
