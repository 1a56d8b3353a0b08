// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RetryPolicy;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollerTest {
  private final ScriptedClient client = new ScriptedClient();
  private final Cancellation polling = Cancellation.root();
  private final Cancellation jobs = Cancellation.root();
  // Never waits: the real interval is RateLimiterTest's job.
  private final Sleeper noWait = (d, c) -> c.isCancelled();

  private Poller poller(TaskHandler handler, int capacity) {
    RateLimiter limiter = new RateLimiter(Duration.ZERO, Clock.systemUTC(), noWait);
    return new Poller(
        new TaskFetcher(client, Duration.ofSeconds(1)),
        limiter,
        handler,
        capacity,
        polling,
        jobs,
        noWait,
        new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1));
  }

  @Test
  void noPollingWhileAllSlotsAreBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    client.answer(task(1));
    client.answer(task(2));
    Poller poller =
        poller(
            (t, l) -> {
              started.countDown();
              await(release);
            },
            2);
    Thread loop = Thread.ofVirtual().start(() -> runQuietly(poller));

    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    int fetchesWhileFull = client.fetches().size();
    Thread.sleep(200); // would be many fetches if the loop polled while full
    assertThat(client.fetches()).hasSize(fetchesWhileFull);
    assertThat(poller.runningCount()).isEqualTo(2);

    release.countDown();
    assertThat(poller.awaitIdle(Duration.ofSeconds(5))).isTrue();
    polling.cancel(CancelReason.RUNNER_SHUTDOWN);
    loop.join(5000);
    assertThat(loop.isAlive()).isFalse();
    assertThat(fetchesWhileFull).isEqualTo(2);
    assertThat(client.fetches().get(1).request().getTaskCapacity()).isEqualTo(1);
  }

  @Test
  void rejectedCredentialsEndTheLoop() {
    client.fail(
        new ConnectException("p", ConnectCode.UNAUTHENTICATED, 401, "unregistered runner", null));
    Poller poller = poller((t, l) -> {}, 1);

    assertThatThrownBy(poller::run)
        .isInstanceOfSatisfying(
            ConnectException.class, e -> assertThat(e.credentialsRejected()).isTrue());
  }

  @Test
  void transientErrorsAreRetried() throws Exception {
    client.fail(new ConnectException("p", ConnectCode.UNAVAILABLE, 503, "down", null));
    client.fail(new ConnectException("p", ConnectCode.INTERNAL, 500, "db", null));
    client.answer(task(7));
    CountDownLatch ran = new CountDownLatch(1);
    Poller poller = poller((t, l) -> ran.countDown(), 1);
    Thread loop = Thread.ofVirtual().start(() -> runQuietly(poller));

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    polling.cancel(CancelReason.RUNNER_SHUTDOWN);
    loop.join(5000);
    assertThat(client.fetches().subList(0, 3))
        .extracting(ScriptedClient.Fetch::requestKey)
        .containsOnly(client.fetches().get(0).requestKey());
  }

  @Test
  void cancelRunning_cancelsEveryTaskLifetime() throws Exception {
    client.answer(task(1));
    CountDownLatch cancelled = new CountDownLatch(1);
    Poller poller =
        poller(
            (t, lifetime) -> {
              try {
                if (lifetime.await(Duration.ofSeconds(10))) {
                  cancelled.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            1);
    Thread loop = Thread.ofVirtual().start(() -> runQuietly(poller));
    while (poller.runningCount() == 0) {
      Thread.sleep(10);
    }

    polling.cancel(CancelReason.RUNNER_SHUTDOWN);
    poller.cancelRunning();

    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(poller.awaitIdle(Duration.ofSeconds(5))).isTrue();
    loop.join(5000);
  }

  private static FetchTaskResponse task(long id) {
    return FetchTaskResponse.newBuilder()
        .setTasksVersion(1)
        .setTask(Task.newBuilder().setId(id))
        .build();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void runQuietly(Poller poller) {
    try {
      poller.run();
    } catch (InterruptedException | ConnectException e) {
      Thread.currentThread().interrupt();
    }
  }
}
