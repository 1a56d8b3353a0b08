// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.Task;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tasks_version and request-key rules of protocol.md §4.4 and §5.7. */
class TaskFetcherTest {
  private final ScriptedClient client = new ScriptedClient();
  private final AtomicInteger keys = new AtomicInteger();
  private final TaskFetcher fetcher =
      new TaskFetcher(client, Duration.ofSeconds(5), () -> "key-" + keys.incrementAndGet());

  @Test
  void tasksVersion_storesAHigherVersionAndResetsToZeroAfterATask() throws Exception {
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(3).build());
    client.answer(
        FetchTaskResponse.newBuilder()
            .setTasksVersion(4)
            .setTask(Task.newBuilder().setId(1))
            .build());

    fetcher.fetch(1);
    long afterEmpty = fetcher.tasksVersion();
    fetcher.fetch(1);
    fetcher.fetch(1);

    assertThat(afterEmpty).isEqualTo(3);
    assertThat(client.fetches())
        .extracting(f -> f.request().getTasksVersion())
        .containsExactly(0L, 3L, 0L);
  }

  @Test
  void tasksVersion_neverGoesDownOnALowerAnswer() throws Exception {
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(5).build());
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(2).build());

    fetcher.fetch(1);
    fetcher.fetch(1);

    assertThat(fetcher.tasksVersion()).isEqualTo(5);
  }

  @Test
  void requestKey_isKeptAcrossErrorsAndRenewedAfterEverySuccess() throws Exception {
    client.fail(new ConnectException("p", ConnectCode.UNAVAILABLE, 503, "down", null));
    client.fail(new ConnectException("p", ConnectCode.DEADLINE_EXCEEDED, 0, "slow", null));
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(1).build());
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(1).build());

    assertThatThrownBy(() -> fetcher.fetch(1)).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> fetcher.fetch(1)).isInstanceOf(ConnectException.class);
    fetcher.fetch(1);
    fetcher.fetch(1);

    assertThat(client.fetches())
        .extracting(ScriptedClient.Fetch::requestKey)
        .containsExactly("key-1", "key-1", "key-1", "key-2");
  }

  @Test
  void fetch_sendsTheFreeCapacityAndReturnsAdditionalTasks() throws Exception {
    client.answer(
        FetchTaskResponse.newBuilder()
            .setTasksVersion(2)
            .setTask(Task.newBuilder().setId(1))
            .addAdditionalTasks(Task.newBuilder().setId(2))
            .build());
    // Forgejo 14.0.0/14.0.1 bug: additional tasks without a first one.
    client.answer(
        FetchTaskResponse.newBuilder().addAdditionalTasks(Task.newBuilder().setId(3)).build());

    assertThat(fetcher.fetch(3)).extracting(Task::getId).containsExactly(1L, 2L);
    assertThat(fetcher.fetch(1)).extracting(Task::getId).containsExactly(3L);
    assertThat(client.fetches())
        .extracting(f -> f.request().getTaskCapacity())
        .containsExactly(3L, 1L);
  }

  @Test
  void handle_asksForThatAttemptWithFetchSingleTaskAndVersionZero() throws Exception {
    TaskFetcher single =
        new TaskFetcher(
            client,
            Duration.ofSeconds(5),
            () -> "key-" + keys.incrementAndGet(),
            java.util.Optional.of("33ba7d51-59c6-44f8-9d2b-1b94f4033973"));
    client.answer(FetchTaskResponse.newBuilder().setTasksVersion(7).build());
    client.fail(new ConnectException("p", ConnectCode.UNAVAILABLE, 503, "down", null));
    client.answer(
        FetchTaskResponse.newBuilder()
            .setTasksVersion(7)
            .setTask(Task.newBuilder().setId(9))
            .build());

    assertThat(single.fetch(1)).isEmpty();
    assertThatThrownBy(() -> single.fetch(1)).isInstanceOf(ConnectException.class);
    assertThat(single.fetch(1)).extracting(Task::getId).containsExactly(9L);

    assertThat(client.singles())
        .allSatisfy(
            r -> {
              assertThat(r.getTasksVersion()).isZero();
              assertThat(r.getHandle()).isEqualTo("33ba7d51-59c6-44f8-9d2b-1b94f4033973");
            })
        .hasSize(3);
    // the key survives the error and is renewed after each answer
    assertThat(client.fetches())
        .extracting(ScriptedClient.Fetch::requestKey)
        .containsExactly("key-1", "key-2", "key-2");
  }
}
