// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.HostConfig;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerRun;
import io.jrunner.exec.LineSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers and images of one job's Docker actions: containers run next to the job container
 * (same network, the job's workspace and runner files mounted at the same paths), and images built
 * from a directory of the job container. Containers are removed when they end; built images when
 * the job ends ({@link #close()}). Everything carries the job's labels.
 *
 * <p>Threading: {@link #run} and {@link #build} from the job's thread; {@link #close()} from any.
 */
final class SideContainers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SideContainers.class);

  private final DockerClient docker;
  private final Images images;
  private final Map<String, String> labels;
  private final String network;
  private final List<Bind> mounts;
  private final String jobContainer;
  private final List<String> extraHosts;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<String> built = new ArrayDeque<>();
  private final Set<String> running = new java.util.HashSet<>();

  /**
   * @param network the job's network (mode) name
   * @param mounts the job container's workspace and runner-file mounts, to share
   * @param jobContainer the job container, whose directories images are built from
   * @param extraHosts {@code --add-host} entries of the job's containers (the cache's name)
   */
  SideContainers(
      DockerClient docker,
      Images images,
      Map<String, String> labels,
      String network,
      List<Bind> mounts,
      String jobContainer,
      List<String> extraHosts) {
    this.docker = docker;
    this.extraHosts = List.copyOf(extraHosts);
    this.images = images;
    this.labels = Map.copyOf(labels);
    this.network = network;
    this.mounts = List.copyOf(mounts);
    this.jobContainer = jobContainer;
  }

  int run(ContainerRun run, LineSink out, Cancellation stop)
      throws BackendException, InterruptedException {
    images.ensure(run.image(), out);
    String id;
    try {
      var create =
          docker
              .createContainerCmd(run.image())
              .withLabels(labels)
              .withEnv(
                  run.env().entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .sorted()
                      .toList())
              .withWorkingDir(run.workingDirectory())
              .withHostConfig(
                  HostConfig.newHostConfig().withNetworkMode(network).withBinds(mounts));
      ExtraHosts.add(create, extraHosts);
      run.entrypoint().ifPresent(e -> create.withEntrypoint(List.of(e)));
      if (!run.args().isEmpty()) {
        create.withCmd(run.args());
      }
      id = create.exec().getId();
    } catch (RuntimeException e) {
      throw DockerFailures.of("cannot create a container of " + run.image(), e);
    }
    track(id, true);
    try {
      stop.onCancel(() -> Thread.ofVirtual().start(() -> stopQuietly(id)));
      docker.startContainerCmd(id).exec();
      FrameLines lines = new FrameLines(out);
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(true)
          .exec(lines.callback())
          .awaitCompletion();
      lines.flush();
      Integer code = docker.waitContainerCmd(id).start().awaitStatusCode();
      return code == null ? -1 : code;
    } catch (RuntimeException e) {
      throw DockerFailures.of("the container of " + run.image() + " failed", e);
    } finally {
      remove(id);
      track(id, false);
    }
  }

  String build(String contextDir, String dockerfile, LineSink log)
      throws BackendException, InterruptedException {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    String tag = "jrunner-action-" + HexFormat.of().formatHex(random) + ":latest";
    Path context = null;
    try {
      context = Files.createTempFile("jrunner-action-", ".tar");
      try (InputStream archive =
              docker.copyArchiveFromContainerCmd(jobContainer, contextDir).exec();
          OutputStream file = Files.newOutputStream(context)) {
        stripFirstComponent(archive, file);
      }
      lock.lock();
      try {
        built.push(tag);
      } finally {
        lock.unlock();
      }
      List<String> tail = new ArrayList<>();
      try (InputStream tar = Files.newInputStream(context)) {
        docker
            .buildImageCmd(tar)
            .withDockerfilePath(dockerfile)
            .withTags(Set.of(tag))
            .withLabels(labels)
            .withPull(false)
            .exec(
                new com.github.dockerjava.api.command.BuildImageResultCallback() {
                  @Override
                  public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null && !item.getStream().isBlank()) {
                      String text = item.getStream().stripTrailing();
                      tail.add(text);
                      if (tail.size() > 20) {
                        tail.removeFirst();
                      }
                      log.line(false, text);
                    }
                    super.onNext(item);
                  }
                })
            .awaitImageId();
      } catch (RuntimeException e) {
        throw DockerFailures.of("cannot build the action's image from " + dockerfile, e);
      }
      return tag;
    } catch (IOException | RuntimeException e) {
      throw DockerFailures.of("cannot read " + contextDir + " from the job container", e);
    } finally {
      if (context != null) {
        try {
          Files.deleteIfExists(context);
        } catch (IOException e) {
          LOG.debug("cannot delete {}", context);
        }
      }
    }
  }

  /** Docker archives a directory as {@code <name>/…}; a build context wants its contents. */
  private static void stripFirstComponent(InputStream in, OutputStream out) throws IOException {
    try (TarArchiveInputStream tin = new TarArchiveInputStream(in);
        TarArchiveOutputStream tout = new TarArchiveOutputStream(out)) {
      tout.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry;
      while ((entry = tin.getNextEntry()) != null) {
        String name = entry.getName();
        int slash = name.indexOf('/');
        String stripped = slash < 0 ? "" : name.substring(slash + 1);
        if (stripped.isEmpty()) {
          continue;
        }
        entry.setName(stripped);
        tout.putArchiveEntry(entry);
        if (entry.isFile()) {
          tin.transferTo(tout);
        }
        tout.closeArchiveEntry();
      }
    }
  }

  private void track(String id, boolean add) {
    lock.lock();
    try {
      if (add) {
        running.add(id);
      } else {
        running.remove(id);
      }
    } finally {
      lock.unlock();
    }
  }

  private void stopQuietly(String id) {
    try {
      docker.stopContainerCmd(id).withTimeout(3).exec();
    } catch (RuntimeException e) {
      LOG.debug("cannot stop {}: {}", id, e.getMessage());
    }
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      LOG.debug("container {} was already gone", id);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove container {}: {}", id, e.getMessage());
    }
  }

  /** Removes running side containers and the images built for the job. Never throws. */
  @Override
  public void close() {
    List<String> containers;
    List<String> tags;
    lock.lock();
    try {
      containers = List.copyOf(running);
      tags = List.copyOf(built);
      running.clear();
      built.clear();
    } finally {
      lock.unlock();
    }
    containers.forEach(this::remove);
    for (String tag : tags) {
      try {
        docker.removeImageCmd(tag).withForce(true).exec();
      } catch (NotFoundException e) {
        LOG.debug("image {} was already gone", tag);
      } catch (RuntimeException e) {
        LOG.warn("cannot remove image {}: {}", tag, e.getMessage());
      }
    }
  }
}
