// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one action on a worker thread and fails the test if it takes longer than a bound (what
 * JUnit's {@code assertTimeoutPreemptively} does; Checkstyle keeps JUnit's assertions out). An
 * exception thrown by the action is rethrown as is, so a stray {@code RuntimeException} fails the
 * test with its own stack trace. Close it to stop the worker.
 */
public final class Bounded implements AutoCloseable {
  /** An action that may throw anything. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  public void run(Duration bound, Action action, Supplier<String> what) throws Exception {
    Future<?> f =
        worker.submit(
            () -> {
              action.run();
              return null;
            });
    try {
      f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      fail("took longer than " + bound + ": " + what.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw new AssertionError("failed: " + what.get(), e.getCause());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
