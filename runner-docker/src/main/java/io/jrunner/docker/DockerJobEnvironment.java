// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's Docker objects: one network, the service containers (reachable by their key), and the job
 * container, which idles until steps are run in it with {@code docker exec}. Every object is
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
   * Sends SIG to every process of the group recorded in $0. Walks /proc instead of {@code kill --
   * -PGID}: busybox's kill rejects {@code --} and dash's rejects a negative pid without it.
   */
  static final String SIGNAL_GROUP =
      "p=$(cat \"$0\" 2>/dev/null) || exit 0; for f in /proc/[0-9]*/stat; do"
          + " s=$(cat \"$f\" 2>/dev/null) || continue; set -- ${s##*) };"
          + " if [ \"$3\" = \"$p\" ]; then q=${f#/proc/}; kill -s SIG \"${q%/stat}\" 2>/dev/null; fi;"
          + " done; exit 0";

  private final AtomicInteger execs = new AtomicInteger();

  private final DockerClient docker;
  private final JobSpec spec;
  private final Images images;
  private final String suffix;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<String> containers = new ArrayList<>();
  private String network;
  private String jobContainer;
  private boolean closed;

  private DockerJobEnvironment(DockerClient docker, JobSpec spec, Images images) {
    this.docker = docker;
    this.spec = spec;
    this.images = images;
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    this.suffix = spec.taskId() + "-" + HexFormat.of().formatHex(random);
  }

  /** Creates and starts everything; on failure removes what was created and throws. */
  static DockerJobEnvironment open(DockerClient docker, JobSpec spec, Images images, LineSink log)
      throws BackendException {
    DockerJobEnvironment env = new DockerJobEnvironment(docker, spec, images);
    try {
      env.create(log);
      return env;
    } catch (BackendException | RuntimeException e) {
      env.close();
      if (e instanceof BackendException b) {
        throw b;
      }
      throw new BackendException("cannot create the job's containers: " + e.getMessage(), e);
    }
  }

  private void create(LineSink log) throws BackendException {
    Map<String, String> labels = ResourceLabels.of(spec.runnerId(), spec.taskId());
    String net = "jrunner-" + suffix;
    String created = docker.createNetworkCmd().withName(net).withLabels(labels).exec().getId();
    lock.lock();
    try {
      network = created;
    } finally {
      lock.unlock();
    }
    for (JobSpec.ServiceSpec service : spec.services()) {
      images.ensure(service.image(), log);
      var create = docker.createContainerCmd(service.image());
      if (!service.command().isEmpty()) {
        create.withCmd(service.command());
      }
      String id =
          register(
              create
                  .withName("jrunner-" + suffix + "-" + service.name())
                  .withLabels(labels)
                  .withEnv(envList(service.env()))
                  .withAliases(service.name())
                  .withHostConfig(HostConfig.newHostConfig().withNetworkMode(net))
                  .exec());
      docker.startContainerCmd(id).exec();
      log.line(false, "Started service " + service.name() + " (" + service.image() + ")");
    }
    images.ensure(spec.image(), log);
    jobContainer =
        register(
            docker
                .createContainerCmd(spec.image())
                .withName("jrunner-" + suffix + "-job")
                .withLabels(labels)
                .withEntrypoint(IDLE)
                .withEnv(envList(spec.env()))
                // An init as PID 1 reaps orphans: a step's children that outlive its shell (or are
                // killed after it) would otherwise stay zombies under `tail`, which reaps nothing.
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(net).withInit(true))
                .exec());
    docker.startContainerCmd(jobContainer).exec();
    int mkdir = runQuietly(List.of("mkdir", "-p", spec.workdir()));
    if (mkdir != 0) {
      throw new BackendException(
          "cannot create the workspace " + spec.workdir() + " in the job container");
    }
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
    wrapped.addAll(exec.command());
    CountDownLatch done = new CountDownLatch(1);
    stop.onCancel(
        () -> Thread.ofVirtual().name("stop-" + pidFile).start(() -> ladder(pidFile, done)));
    try {
      String execId =
          docker
              .execCreateCmd(container)
              .withCmd(wrapped.toArray(String[]::new))
              .withEnv(envList(exec.env()))
              .withWorkingDir(exec.workingDirectory().orElse(spec.workdir()))
              .withUser(exec.user().orElse(null))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      FrameLines lines = new FrameLines(out);
      docker
          .execStartCmd(execId)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  lines.accept(frame.getStreamType() == StreamType.STDERR, frame.getPayload());
                }
              })
          .awaitCompletion();
      lines.flush();
      Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      return code == null ? -1 : code.intValue();
    } catch (RuntimeException e) {
      throw new BackendException("docker exec failed: " + e.getMessage(), e);
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
      runQuietly(List.of("mkdir", "-p", target));
      docker
          .copyArchiveToContainerCmd(container)
          .withHostResource(source.toString())
          .withRemotePath(target)
          .withDirChildrenOnly(true)
          .exec();
    } catch (RuntimeException e) {
      throw new BackendException(
          "cannot copy " + source + " into the job container: " + e.getMessage(), e);
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
  public void close() {
    List<String> toRemove;
    String net;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      toRemove = List.copyOf(containers);
      net = network;
    } finally {
      lock.unlock();
    }
    for (String id : toRemove.reversed()) {
      try {
        docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        LOG.debug("container {} was already gone", id);
      } catch (RuntimeException e) {
        LOG.warn("cannot remove container {}: {}", id, e.getMessage());
      }
    }
    if (net != null) {
      try {
        docker.removeNetworkCmd(net).exec();
      } catch (NotFoundException e) {
        LOG.debug("network {} was already gone", net);
      } catch (RuntimeException e) {
        LOG.warn("cannot remove network {}: {}", net, e.getMessage());
      }
    }
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
