// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.proto.runner.v1.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapKeeperTest {
  /** A quiet time that ends when the test says so, or when its lifetime is cancelled. */
  private static final class GatedSleeper implements Sleeper {
    final Semaphore started = new Semaphore(0);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public boolean sleep(Duration duration, Cancellation lifetime) throws InterruptedException {
      started.release();
      CountDownLatch cancelled = new CountDownLatch(1);
      lifetime.onCancel(cancelled::countDown);
      Thread.ofVirtual().start(() -> awaitQuietly(open, cancelled));
      cancelled.await();
      return lifetime.isCancelled();
    }

    private static void awaitQuietly(CountDownLatch open, CountDownLatch cancelled) {
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      cancelled.countDown();
    }
  }

  private final AtomicInteger collections = new AtomicInteger();
  private final Semaphore collected = new Semaphore(0);
  private final AtomicLong used = new AtomicLong(10);
  private final AtomicLong usedAfterCollect = new AtomicLong(5);

  /** A heap whose use the test sets, and that counts full collections. */
  private final HeapKeeper.Heap heap =
      new HeapKeeper.Heap() {
        @Override
        public long used() {
          return used.get();
        }

        @Override
        public long collect() {
          long live = usedAfterCollect.get();
          used.set(live);
          collections.incrementAndGet();
          collected.release();
          return live;
        }
      };

  private static final Sleeper SHORT = (d, l) -> l.await(Duration.ofMillis(1));

  private HeapKeeper keeper(TaskHandler delegate, Duration quiet, Sleeper sleeper) {
    return new HeapKeeper(
        delegate, new HeapKeeper.Settings(quiet, Duration.ofMillis(1), 100), sleeper, heap);
  }

  @Test
  void collectsOnceTheDaemonHasBeenIdleForTheQuietTime() throws Exception {
    HeapKeeper idle = keeper((t, l) -> {}, Duration.ofMillis(1), SHORT);
    idle.idleNow();
    assertThat(collected.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collections).hasValue(1);
  }

  @Test
  void collectsAfterTheLastTaskEnds_neverWhileOneRuns() throws Exception {
    CountDownLatch inTask = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    HeapKeeper idle =
        keeper(
            (t, l) -> {
              inTask.countDown();
              awaitQuietly(finish);
            },
            Duration.ofMillis(1),
            SHORT);
    Thread task = Thread.ofVirtual().start(() -> idle.handle(Task.getDefaultInstance(), null));
    inTask.await();
    idle.idleNow(); // a task runs: not idle
    assertThat(collected.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();

    finish.countDown();
    task.join();
    assertThat(collected.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collections).hasValue(1);
  }

  @Test
  void aTaskStartingInTheQuietTimeCancelsThePendingCollection() throws Exception {
    GatedSleeper sleeper = new GatedSleeper();
    HeapKeeper idle = keeper((t, l) -> {}, Duration.ofHours(1), sleeper);
    idle.idleNow();
    assertThat(sleeper.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

    idle.handle(Task.getDefaultInstance(), Cancellation.root()); // cancels, then schedules anew
    assertThat(sleeper.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collections).hasValue(0);

    sleeper.open.countDown(); // the second quiet time passes
    assertThat(collected.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(collected.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(collections).hasValue(1);
  }

  @Test
  void whileATaskRuns_collectsWhenTheUsedHeapPassesTheSoftLimit_notAgainForALargeLiveSet()
      throws Exception {
    CountDownLatch inTask = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    HeapKeeper keeper =
        keeper(
            (t, l) -> {
              inTask.countDown();
              awaitQuietly(finish);
            },
            Duration.ofHours(1),
            SHORT);
    Thread task = Thread.ofVirtual().start(() -> keeper.handle(Task.getDefaultInstance(), null));
    inTask.await();
    assertThat(collected.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse(); // 10 of 100

    usedAfterCollect.set(80); // a live set near the limit
    used.set(101);
    assertThat(collected.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    used.set(115); // below 1.5 times the live set: no collection
    assertThat(collected.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
    used.set(121);
    assertThat(collected.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

    finish.countDown();
    task.join();
    assertThat(collections).hasValue(2); // the idle one waits an hour
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
