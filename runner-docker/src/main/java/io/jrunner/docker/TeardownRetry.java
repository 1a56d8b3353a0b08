// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks whose teardown could not remove everything (typically the Docker engine was down or
 * restarting): their objects are found again by their task labels ({@link ResourceLabels#of}) and
 * removed by {@link #retry} before the next job is opened, so a daemon that keeps serving does not
 * keep what a failed teardown left until its next start-up sweep. One per backend; thread-safe.
 */
final class TeardownRetry {
  private static final Logger LOG = LoggerFactory.getLogger(TeardownRetry.class);

  private record Task(String runnerId, long taskId) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Task> pending = new LinkedHashSet<>();

  /** Remembers a task whose teardown left objects behind. */
  void add(String runnerId, long taskId) {
    lock.lock();
    try {
      pending.add(new Task(runnerId, taskId));
    } finally {
      lock.unlock();
    }
    LOG.warn(
        "task {}: its Docker objects could not all be removed; retried before the next job",
        taskId);
  }

  /** Removes what each pending task left; a task stays pending while the engine cannot be used. */
  void retry(DockerClient docker) {
    List<Task> tasks;
    lock.lock();
    try {
      tasks = List.copyOf(pending);
    } finally {
      lock.unlock();
    }
    for (Task t : tasks) {
      var labels = ResourceLabels.of(t.runnerId(), t.taskId());
      try {
        Reaper reaper = new Reaper(docker);
        Reaper.Swept swept = reaper.sweep(labels);
        if (reaper.count(labels) == 0) {
          forget(t);
          LOG.info(
              "task {}: removed what its failed teardown left: {} container(s), {} network(s),"
                  + " {} volume(s)",
              t.taskId(),
              swept.containers(),
              swept.networks(),
              swept.volumes());
        }
      } catch (RuntimeException e) {
        LOG.warn("task {}: leftovers not removed yet: {}", t.taskId(), DockerFailures.reason(e));
      }
    }
  }

  private void forget(Task t) {
    lock.lock();
    try {
      pending.remove(t);
    } finally {
      lock.unlock();
    }
  }
}
