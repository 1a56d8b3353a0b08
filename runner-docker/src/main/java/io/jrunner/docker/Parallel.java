// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent Docker calls at once, each on a virtual thread, and waits for all of them, also
 * when one fails, so that whatever the others created is registered for removal before the failure
 * is thrown. Stateless.
 */
final class Parallel {
  private Parallel() {}

  /**
   * Runs every task and returns when all have ended.
   *
   * @throws BackendException the first failure (in the tasks' order); a {@link RuntimeException} of
   *     a task is rethrown as it is
   */
  static void run(List<Phases.Step> tasks) throws BackendException {
    if (tasks.size() == 1) {
      tasks.getFirst().run();
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Phases.Step task : tasks) {
        futures.add(
            threads.submit(
                () -> {
                  task.run();
                  return null;
                }));
      }
    } // close() waits for every task
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while preparing the job's Docker objects", e);
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case BackendException b -> throw b;
          case RuntimeException r -> throw r;
          case Error err -> throw err;
          default -> throw new BackendException(e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }

  /** {@link #run} for tasks that never throw (removals, which log their own failures). */
  static void runQuietly(List<Runnable> tasks) {
    try {
      run(tasks.stream().<Phases.Step>map(t -> t::run).toList());
    } catch (BackendException e) {
      throw new IllegalStateException("a removal threw", e);
    }
  }
}
