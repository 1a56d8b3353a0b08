// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerRun;
import io.jrunner.exec.CreatedContainers;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import io.jrunner.exec.Shells;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's Docker objects: one network (or the configured {@code container.network}), the named
 * volumes it asks for, the service containers (reachable by their key, waited for until healthy),
 * and the job container, which idles until steps are run in it with {@code docker exec}. Options,
 * ports and volumes are checked ({@link ContainerPlan}) before anything is created. Every object is
 * labelled with the runner and task ({@link ResourceLabels}); {@link #close()} removes them all.
 *
 * <p>Threading: {@link #exec} from one thread at a time; {@link #close()} from any thread, once or
 * more.
 */
final class DockerJobEnvironment implements JobEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(DockerJobEnvironment.class);

  /** Keeps the job container alive without depending on the image's entrypoint. */
  static final List<String> IDLE = List.of("tail", "-f", "/dev/null");

  /** Records the step's pid ($0 is the pid file) and becomes the step's command. */
  static final String WRAPPER = "mkdir -p \"${0%/*}\" && echo $$ > \"$0\" && exec \"$@\"";

  /**
   * Sends SIG to every process of the group recorded in $0, its leader (the step's process) first:
   * the walk takes a while, and a leader that saw its children die first could exit as if nothing
   * had happened. Walks /proc instead of {@code kill -- -PGID}: busybox's kill rejects {@code --}
   * and dash's rejects a negative pid without it.
   */
  static final String SIGNAL_GROUP =
      "p=$(cat \"$0\" 2>/dev/null) || exit 0; s=$(cat /proc/\"$p\"/stat 2>/dev/null)"
          + " && set -- ${s##*) } && [ \"$3\" = \"$p\" ] && kill -s SIG \"$p\" 2>/dev/null;"
          + " for f in /proc/[0-9]*/stat; do"
          + " s=$(cat \"$f\" 2>/dev/null) || continue; set -- ${s##*) }; q=${f#/proc/};"
          + " if [ \"$3\" = \"$p\" ] && [ \"${q%/stat}\" != \"$p\" ]; then"
          + " kill -s SIG \"${q%/stat}\" 2>/dev/null; fi; done; exit 0";

  private final AtomicInteger execs = new AtomicInteger();

  private final DockerClient docker;
  private final JobSpec spec;
  private final Images images;
  private final DockerSettings settings;
  private final Phases phases;
  private final JobVolumes volumes;
  private final Optional<CacheReach> cacheReach;
  private final String suffix;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<String> containers = new ArrayList<>();
  private String network;
  private CacheReach.Attachment cacheAttachment = CacheReach.Attachment.NONE;
  private String jobContainer;
  private SideContainers side;
  private boolean closed;
  private CreatedContainers created = CreatedContainers.NONE;
  private TeardownRetry teardownRetry = new TeardownRetry();

  private DockerJobEnvironment(
      DockerClient docker,
      JobSpec spec,
      Images images,
      DockerSettings settings,
      Phases phases,
      Optional<CacheReach> cacheReach) {
    this.docker = docker;
    this.cacheReach = cacheReach;
    this.spec = spec;
    this.images = images;
    this.settings = settings;
    this.phases = phases;
    this.volumes = new JobVolumes(docker);
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    this.suffix = spec.taskId() + "-" + HexFormat.of().formatHex(random);
  }

  /** {@link #open(DockerClient, JobSpec, Images, DockerSettings, Phases, Optional, LineSink)}. */
  static DockerJobEnvironment open(
      DockerClient docker, JobSpec spec, Images images, DockerSettings settings, LineSink log)
      throws BackendException {
    return open(
        docker,
        spec,
        images,
        settings,
        new Phases(PhaseListener.NONE),
        Optional.empty(),
        log,
        new TeardownRetry());
  }

  /**
   * Creates and starts everything; on failure removes what was created and throws. A teardown that
   * cannot remove everything hands the task to {@code retry}.
   */
  static DockerJobEnvironment open(
      DockerClient docker,
      JobSpec spec,
      Images images,
      DockerSettings settings,
      Phases phases,
      Optional<CacheReach> cacheReach,
      LineSink log,
      TeardownRetry retry)
      throws BackendException {
    ContainerPlan.Job plan = ContainerPlan.of(spec, settings); // nothing to clean up if refused
    DockerJobEnvironment env =
        new DockerJobEnvironment(docker, spec, images, settings, phases, cacheReach);
    env.teardownRetry = retry;
    try {
      long t0 = System.nanoTime();
      env.create(plan, log);
      phases.done("open", t0);
      return env;
    } catch (BackendException | RuntimeException e) {
      env.close();
      if (e instanceof BackendException b) {
        throw b;
      }
      throw DockerFailures.of("cannot create the job's containers", e);
    }
  }

  private void create(ContainerPlan.Job plan, LineSink log) throws BackendException {
    Map<String, String> labels = ResourceLabels.of(spec.runnerId(), spec.taskId());
    String net = settings.network().isEmpty() ? "jrunner-" + suffix : settings.network();
    // The workspace and the runner's files live on volumes of their own, so that the containers
    // of Docker actions see them at the same paths as the job container.
    String workspaceVolume = "jrunner-" + suffix + "-workspace";
    String runnerVolume = "jrunner-" + suffix + "-runner";
    // Independent objects are created at once; the job's image is looked at meanwhile unless
    // services come first (their images are pulled before it, in the order of the workflow).
    List<Phases.Step> independent = new ArrayList<>();
    if (settings.network().isEmpty()) {
      independent.add(() -> phases.run("network", () -> createNetwork(net, labels)));
    }
    independent.add(
        () -> phases.run("volumes", () -> volumes.prepare(plan.namedVolumes(), labels)));
    for (String v : List.of(workspaceVolume, runnerVolume)) {
      independent.add(
          () ->
              phases.run(
                  "volume " + v.substring(v.lastIndexOf('-') + 1),
                  () -> volumes.createNew(v, labels)));
    }
    Phases.Step jobImage =
        () ->
            phases.run(
                "image",
                () ->
                    images.ensure(
                        spec.image(),
                        Optional.ofNullable(spec.pullCredentials().get(spec.image())),
                        "container",
                        log));
    if (spec.services().isEmpty()) {
      independent.add(jobImage);
    }
    phases.run("network, volumes, image", () -> Parallel.run(independent));
    List<String> extraHosts = joinForCache(net);
    List<Bind> shared =
        List.of(
            new Bind(workspaceVolume, new Volume(spec.workdir())),
            new Bind(runnerVolume, new Volume(tempDir())));
    List<String> serviceIds = new ArrayList<>();
    for (int i = 0; i < spec.services().size(); i++) {
      JobSpec.ServiceSpec service = spec.services().get(i);
      images.ensure(
          service.image(),
          Optional.ofNullable(spec.pullCredentials().get(service.image())),
          "services." + service.name(),
          log);
      var create = docker.createContainerCmd(service.image());
      if (!service.command().isEmpty()) {
        create.withCmd(service.command());
      }
      create.withName("jrunner-" + suffix + "-" + service.name());
      ContainerRequests.fill(
          create,
          plan.services().get(i),
          new ContainerRequests.Target(
              service.env(),
              labels,
              net,
              List.of(service.name()),
              settings.privileged(),
              false,
              settings.socket()),
          log);
      ExtraHosts.add(create, extraHosts);
      String id = register(create.exec());
      start(id, "service " + service.name());
      serviceIds.add(id);
      log.line(false, "Started service " + service.name() + " (" + service.image() + ")");
    }
    HealthWait health = new HealthWait(docker, settings.healthTimeout());
    for (int i = 0; i < serviceIds.size(); i++) {
      health.await(spec.services().get(i).name(), serviceIds.get(i), log);
    }
    if (!spec.services().isEmpty()) {
      jobImage.run();
    }
    // An init as PID 1 (set by ContainerRequests for the job) reaps orphans: a step's children
    // that outlive its shell (or are killed after it) would otherwise stay zombies under `tail`.
    var create =
        docker
            .createContainerCmd(spec.image())
            .withName("jrunner-" + suffix + "-job")
            .withEntrypoint(IDLE);
    ContainerRequests.fill(
        create,
        plan.container(),
        new ContainerRequests.Target(
            spec.env(), labels, net, List.of(), settings.privileged(), true, settings.socket()),
        log);
    ExtraHosts.add(create, extraHosts);
    HostConfig host = create.getHostConfig();
    if (host == null) {
      host = HostConfig.newHostConfig();
      create.withHostConfig(host);
    }
    List<Bind> binds = new ArrayList<>(shared);
    if (host.getBinds() != null) {
      binds.addAll(List.of(host.getBinds()));
    }
    host.withBinds(binds);
    jobContainer = phases.time("job container create", () -> register(create.exec()));
    phases.run("job container start", () -> start(jobContainer, "the job container"));
    lock.lock();
    try {
      side = new SideContainers(docker, images, labels, net, shared, jobContainer, extraHosts);
    } finally {
      lock.unlock();
    }
    Map<String, CreatedContainers.Container> services = new LinkedHashMap<>();
    for (int i = 0; i < serviceIds.size(); i++) {
      services.put(
          spec.services().get(i).name(),
          new CreatedContainers.Container(
              serviceIds.get(i), net, PublishedPorts.of(docker, serviceIds.get(i))));
    }
    created =
        new CreatedContainers(
            Optional.of(new CreatedContainers.Container(jobContainer, net, Map.of())), services);
    // The workspace needs no mkdir: it is the mount point of its volume.
  }

  private void createNetwork(String name, Map<String, String> labels) {
    String id = docker.createNetworkCmd().withName(name).withLabels(labels).exec().getId();
    lock.lock();
    try {
      network = id;
    } finally {
      lock.unlock();
    }
  }

  private void start(String id, String what) throws BackendException {
    try {
      docker.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      throw DockerFailures.of(
          "the Docker engine cannot start "
              + what
              + (settings.privileged()
                  ? " (container.privileged is true; this engine may refuse privileged containers)"
                  : ""),
          e);
    }
  }

  @Override
  public CreatedContainers created() {
    return created;
  }

  @Override
  public String workspace() {
    return spec.workdir();
  }

  @Override
  public String tempDir() {
    return "/tmp/jrunner";
  }

  @Override
  public int exec(ExecSpec exec, LineSink out, Cancellation stop)
      throws BackendException, InterruptedException {
    String container = requireOpen();
    // A docker exec'd process leads its own session and process group; the wrapper records its
    // pid, which is therefore the group to signal, and then becomes the command itself.
    String pidFile = tempDir() + "/pid-" + execs.incrementAndGet();
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WRAPPER, pidFile));
    // The shell drops variables whose names are not identifiers (INPUT_PYTHON-VERSION, the input
    // python-version of an action) when it execs: those go through env(1) as arguments instead.
    Map<String, String> passed = new java.util.TreeMap<>();
    List<String> viaEnv = new ArrayList<>();
    exec.env()
        .forEach(
            (k, v) -> {
              if (Shells.passesOn(k)) {
                passed.put(k, v);
              } else {
                viaEnv.add(k + "=" + v);
              }
            });
    if (!viaEnv.isEmpty()) {
      wrapped.add("env");
      wrapped.addAll(viaEnv);
    }
    wrapped.addAll(exec.command());
    CountDownLatch done = new CountDownLatch(1);
    stop.onCancel(
        () -> Thread.ofVirtual().name("stop-" + pidFile).start(() -> ladder(pidFile, done)));
    java.time.Instant startedAt = java.time.Instant.now();
    try {
      String execId =
          docker
              .execCreateCmd(container)
              .withCmd(wrapped.toArray(String[]::new))
              .withEnv(envList(passed))
              .withWorkingDir(exec.workingDirectory().orElse(spec.workdir()))
              .withUser(exec.user().orElse(null))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      FrameLines lines = new FrameLines(out);
      docker.execStartCmd(execId).exec(lines.callback()).awaitCompletion();
      lines.flush();
      Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      int exit = code == null ? -1 : code.intValue();
      // A step the runner stopped itself (cancel, timeout) ends by its signals: nothing to add.
      StepDeath.Verdict death =
          stop.isCancelled()
              ? new StepDeath.Verdict.Plain()
              : StepDeath.of(docker, container, exit, startedAt);
      switch (death) {
        case StepDeath.Verdict.Stopped s -> throw s.error();
        case StepDeath.Verdict.Line l -> out.line(true, l.text());
        case StepDeath.Verdict.Plain p -> {}
      }
      return exit;
    } catch (RuntimeException e) {
      if (DockerFailures.notRunning(e)) {
        throw StepDeath.notRunning(docker, container, e);
      }
      throw DockerFailures.of("cannot run the step in the job container", e);
    } finally {
      done.countDown();
    }
  }

  /**
   * SIGINT, then SIGTERM, then SIGKILL to the step's process group, until the step has ended; then
   * SIGKILL to whatever of the group is left (children that outlived their shell).
   */
  private void ladder(String pidFile, CountDownLatch done) {
    try {
      for (String signal : List.of("INT", "TERM", "KILL")) {
        if (done.getCount() == 0) {
          break;
        }
        signal(pidFile, signal);
        if (done.await(JobEnvironment.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      signal(pidFile, "KILL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String pidFile, String signal) {
    try {
      String container = requireOpen();
      String id =
          docker
              .execCreateCmd(container)
              .withCmd("sh", "-c", SIGNAL_GROUP.replace("SIG", signal), pidFile)
              // Attached, so that awaitCompletion() waits for the whole sweep to finish.
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
      LOG.debug("sent SIG{} to the step of {}", signal, pidFile);
    } catch (BackendException | RuntimeException e) {
      LOG.debug("cannot signal {}: {}", pidFile, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void copyIn(java.nio.file.Path source, String target) throws BackendException {
    String container = requireOpen();
    try {
      if (!target.equals(spec.workdir())) { // the workspace is a mount point: it exists
        runQuietly(List.of("mkdir", "-p", target));
      }
      docker
          .copyArchiveToContainerCmd(container)
          .withHostResource(source.toString())
          .withRemotePath(target)
          .withDirChildrenOnly(true)
          .exec();
    } catch (RuntimeException e) {
      throw DockerFailures.of("cannot copy " + source + " into the job container", e);
    }
  }

  private int runQuietly(List<String> command) throws BackendException {
    try {
      return exec(
          ExecSpec.of(command.toArray(String[]::new)).inDirectory("/"),
          (err, l) -> {},
          Cancellation.root());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while preparing the job container", e);
    }
  }

  private String requireOpen() throws BackendException {
    lock.lock();
    try {
      if (closed || jobContainer == null) {
        throw new BackendException("the job environment is closed");
      }
      return jobContainer;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int runContainer(ContainerRun run, LineSink out, Cancellation stop)
      throws BackendException, InterruptedException {
    requireOpen();
    return sideContainers().run(run, out, stop);
  }

  @Override
  public String buildImage(String contextDir, String dockerfile, LineSink log)
      throws BackendException, InterruptedException {
    requireOpen();
    return sideContainers().build(contextDir, dockerfile, log);
  }

  private SideContainers sideContainers() throws BackendException {
    lock.lock();
    try {
      if (side == null) {
        throw new BackendException("the job environment is closed");
      }
      return side;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    List<String> toRemove;
    String net;
    CacheReach.Attachment attachment;
    SideContainers sides;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      toRemove = List.copyOf(containers);
      net = network;
      attachment = cacheAttachment;
      sides = side;
    } finally {
      lock.unlock();
    }
    long t0 = System.nanoTime();
    if (sides != null) {
      sides.close();
    }
    long t1 = System.nanoTime();
    // Force: the job container idles in `tail` under an init, so it is killed, not stopped with
    // a grace period; the network and the volumes go once no container uses them.
    AtomicBoolean failed = new AtomicBoolean();
    Parallel.runQuietly(
        toRemove.stream()
            .<Runnable>map(
                id ->
                    () -> {
                      if (!removeContainer(id)) {
                        failed.set(true);
                      }
                    })
            .toList());
    long t2 = System.nanoTime();
    phases.done("remove containers", t1);
    attachment.close(); // before the network goes: a network with endpoints cannot be removed
    List<Runnable> rest = new ArrayList<>();
    if (net != null) {
      rest.add(
          () -> {
            if (!removeNetwork(net)) {
              failed.set(true);
            }
          });
    }
    rest.add(
        () -> {
          if (!volumes.removeAll()) {
            failed.set(true);
          }
        });
    Parallel.runQuietly(rest);
    if (failed.get()) {
      teardownRetry.add(spec.runnerId(), spec.taskId());
    }
    phases.done("remove network and volumes", t2);
    phases.done("close", t0);
  }

  /** Removes a container; false when it could not (other than being gone already). */
  private boolean removeContainer(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      LOG.debug("container {} was already gone", id);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove container {}: {}", id, DockerFailures.reason(e));
      return false;
    }
    return true;
  }

  /** Removes a network; false when it could not (other than being gone already). */
  private boolean removeNetwork(String net) {
    try {
      docker.removeNetworkCmd(net).exec();
    } catch (NotFoundException e) {
      LOG.debug("network {} was already gone", net);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove network {}: {}", net, DockerFailures.reason(e));
      return false;
    }
    return true;
  }

  /** Joins the runner's container to the job's network for the cache; the job's extra hosts. */
  private List<String> joinForCache(String net) throws BackendException {
    if (cacheReach.isEmpty()) {
      return List.of();
    }
    CacheReach.Attachment joined = cacheReach.get().attach(net);
    lock.lock();
    try {
      cacheAttachment = joined;
    } finally {
      lock.unlock();
    }
    return joined.extraHosts();
  }

  private String register(CreateContainerResponse created) {
    lock.lock();
    try {
      containers.add(created.getId());
      return created.getId();
    } finally {
      lock.unlock();
    }
  }

  private static List<String> envList(Map<String, String> env) {
    return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }
}
