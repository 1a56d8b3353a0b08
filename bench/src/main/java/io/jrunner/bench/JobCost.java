// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.cancel.Cancellation;
import io.jrunner.docker.DockerBackend;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.DockerSettings;
import io.jrunner.docker.Reaper;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerRun;
import io.jrunner.exec.CreatedContainers;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fixed cost of a Docker job and of a step, phase by phase (issue #16): one-step jobs run the
 * way {@code jrunner exec} runs them (workspace copied in), with the Docker backend's own phase
 * timings ({@link io.jrunner.docker.PhaseListener}) and every call of the job environment timed
 * from outside; then jobs of N {@code run: true} steps for the per-step figure, against a raw
 * {@code docker exec} through the Engine API.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.jrunner.bench.JobCost [jobs] [steps]
 * [image]}. Prints medians and p90s in milliseconds.
 */
public final class JobCost {
  private JobCost() {}

  private static final Map<String, List<Long>> TIMES = new ConcurrentHashMap<>();
  private static final List<String> ORDER = new CopyOnWriteArrayList<>();
  private static final java.util.concurrent.atomic.AtomicInteger EXECS =
      new java.util.concurrent.atomic.AtomicInteger();

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String image = args.length > 2 ? args[2] : "runner-test/busybox:latest";
    Path workspace = Files.createTempDirectory("jobcost");
    Files.writeString(workspace.resolve("README"), "bench\n");
    try (DockerClient docker =
        DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(2))) {
      DockerBackend docker0 =
          new DockerBackend(
              () -> docker,
              DockerSettings.defaults(),
              (name, took) -> add("docker: " + name, took),
              java.util.Optional.empty());
      JobRunner runner = new JobRunner(new Timed(docker0), Clock.systemUTC());
      Workflow one = workflow(1);
      for (int j = 0; j < 2; j++) { // warm-up
        job(docker, runner, one, image, workspace);
      }
      TIMES.clear();
      ORDER.clear();
      int oneStepExecs = 0;
      for (int j = 0; j < jobs; j++) {
        long t0 = System.nanoTime();
        oneStepExecs = job(docker, runner, one, image, workspace);
        add("one-step job: JobRunner.run, total", Duration.ofNanos(System.nanoTime() - t0));
      }
      print();
      TIMES.clear();
      ORDER.clear();
      Workflow many = workflow(steps);
      int manyStepExecs = 0;
      for (int j = 0; j < 3; j++) {
        manyStepExecs = job(docker, runner, many, image, workspace);
      }
      List<Long> perStep = new ArrayList<>(TIMES.getOrDefault("step `run: true`", List.of()));
      String idle =
          docker.createContainerCmd(image).withEntrypoint("tail", "-f", "/dev/null").exec().getId();
      docker.startContainerCmd(idle).exec();
      List<Long> raw = new ArrayList<>();
      try {
        for (int i = 0; i < 3 * steps + 3; i++) {
          long t0 = System.nanoTime();
          RawDocker.execTrue(docker, idle);
          if (i >= 3) {
            raw.add((System.nanoTime() - t0) / 1_000_000);
          }
        }
      } finally {
        docker.removeContainerCmd(idle).withForce(true).exec();
      }
      report("raw docker exec `true` (Engine API: create, start, inspect)", raw);
      report("jrunner step `run: true` (StepStarted → StepFinished)", perStep);
      System.out.printf(
          "env.exec calls: %d for a one-step job, %.2f per further step%n",
          oneStepExecs, (manyStepExecs - oneStepExecs) / (double) (steps - 1));
    }
  }

  private static Workflow workflow(int steps) throws Exception {
    StringBuilder yaml = new StringBuilder("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n");
    for (int i = 0; i < steps; i++) {
      yaml.append("      - run: 'true'\n");
    }
    return WorkflowParser.parse(yaml.toString()).value();
  }

  /** Runs one job; returns how many execs it made. */
  private static int job(
      DockerClient docker, JobRunner runner, Workflow workflow, String image, Path workspace)
      throws Exception {
    EXECS.set(0);
    String runnerId = "bench-jobcost-" + System.nanoTime();
    Instant[] jobStart = new Instant[1];
    List<Instant> started = new ArrayList<>();
    List<Instant> finished = new ArrayList<>();
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
        Cancellation.root(),
        workspace);
    add(
        "set-up: JobStarted → first StepStarted",
        Duration.between(jobStart[0], started.getFirst()));
    for (int i = 0; i < started.size(); i++) {
      add("step `run: true`", Duration.between(started.get(i), finished.get(i)));
    }
    if (new Reaper(docker).sweep(runnerId).total() != 0) {
      throw new IllegalStateException("the job left Docker objects behind");
    }
    return EXECS.get();
  }

  private static void add(String what, Duration took) {
    TIMES
        .computeIfAbsent(
            what,
            k -> {
              ORDER.add(k);
              return new CopyOnWriteArrayList<>();
            })
        .add(took.toMillis());
  }

  private static void print() {
    for (String what : ORDER) {
      report(what, TIMES.get(what));
    }
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    long p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    System.out.printf(
        "%-62s median %4d ms   p90 %4d ms   (n=%d)%n", what, median, p90, sorted.size());
  }

  /** Times every call of the environments the wrapped backend opens. */
  private record Timed(ExecutionBackend backend) implements ExecutionBackend {
    @Override
    public String name() {
      return backend.name();
    }

    @Override
    public JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException {
      long t0 = System.nanoTime();
      JobEnvironment env = backend.open(spec, setupLog);
      add("env.open", Duration.ofNanos(System.nanoTime() - t0));
      return new TimedEnvironment(env);
    }
  }

  private record TimedEnvironment(JobEnvironment env) implements JobEnvironment {
    @Override
    public String workspace() {
      return env.workspace();
    }

    @Override
    public CreatedContainers created() {
      return env.created();
    }

    @Override
    public String tempDir() {
      return env.tempDir();
    }

    @Override
    public int exec(ExecSpec spec, LineSink out, Cancellation stop)
        throws BackendException, InterruptedException {
      long t0 = System.nanoTime();
      EXECS.incrementAndGet();
      try {
        return env.exec(spec, out, stop);
      } finally {
        add("env.exec", Duration.ofNanos(System.nanoTime() - t0));
      }
    }

    @Override
    public void copyIn(Path source, String target) throws BackendException {
      long t0 = System.nanoTime();
      env.copyIn(source, target);
      add("env.copyIn (workspace, as exec does)", Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public int runContainer(ContainerRun run, LineSink out, Cancellation stop)
        throws BackendException, InterruptedException {
      return env.runContainer(run, out, stop);
    }

    @Override
    public String buildImage(String contextDir, String dockerfile, LineSink log)
        throws BackendException, InterruptedException {
      return env.buildImage(contextDir, dockerfile, log);
    }

    @Override
    public void close() {
      long t0 = System.nanoTime();
      env.close();
      add("env.close", Duration.ofNanos(System.nanoTime() - t0));
    }
  }
}
