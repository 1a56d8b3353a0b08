// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.jrunner.exec.BackendException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named volumes of one job: those that do not exist yet are created with the runner's labels
 * (so the start-up sweep finds them) and removed by {@link #removeAll()}; existing ones are used
 * and left alone. Thread-safe.
 */
final class JobVolumes {
  private static final Logger LOG = LoggerFactory.getLogger(JobVolumes.class);

  private final DockerClient docker;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<String> created = new ArrayList<>();

  JobVolumes(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * @throws BackendException when a volume cannot be created
   */
  void prepare(Collection<String> names, Map<String, String> labels) throws BackendException {
    for (String name : names) {
      if (exists(name)) {
        LOG.debug("volume {} exists; the job uses it as is", name);
        continue;
      }
      createNew(name, labels);
    }
  }

  /**
   * Creates volumes whose names are new (random per job), without asking first whether they exist.
   *
   * @throws BackendException when the volume cannot be created
   */
  void createNew(String name, Map<String, String> labels) throws BackendException {
    try {
      docker.createVolumeCmd().withName(name).withLabels(labels).exec();
    } catch (RuntimeException e) {
      throw DockerFailures.of("cannot create volume " + name, e);
    }
    lock.lock();
    try {
      created.add(name);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes the volumes this job created; never throws. Call after removing the containers.
   *
   * @return false when one could not be removed (other than being gone already)
   */
  boolean removeAll() {
    List<String> toRemove;
    lock.lock();
    try {
      toRemove = List.copyOf(created);
      created.clear();
    } finally {
      lock.unlock();
    }
    AtomicBoolean removed = new AtomicBoolean(true);
    Parallel.runQuietly(
        toRemove.stream()
            .<Runnable>map(
                name ->
                    () -> {
                      if (!remove(name)) {
                        removed.set(false);
                      }
                    })
            .toList());
    return removed.get();
  }

  private boolean remove(String name) {
    try {
      docker.removeVolumeCmd(name).exec();
    } catch (NotFoundException e) {
      LOG.debug("volume {} was already gone", name);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove volume {}: {}", name, DockerFailures.reason(e));
      return false;
    }
    return true;
  }

  private boolean exists(String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
