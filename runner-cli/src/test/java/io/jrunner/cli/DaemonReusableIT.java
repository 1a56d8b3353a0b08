// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reusable workflows and the {@code inputs} context in the daemon (issue 10): the daemon process
 * against the fake Forgejo, which serves the repositories over git smart HTTP with Forgejo's access
 * rule (a private repository only with the token of a running task of it). Jobs run on this machine
 * ({@code self:host}).
 */
class DaemonReusableIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  static final String BUILD =
      """
      on:
        workflow_call:
          inputs:
            target: {type: string, required: true}
            debug: {type: boolean, default: false}
            retries: {type: number, default: 2}
          secrets:
            deploy_token: {required: true}
          outputs:
            artifact:
              value: ${{ jobs.check.outputs.artifact }}
            deep:
              value: ${{ jobs.nested.outputs.leaf }}
            remote:
              value: ${{ jobs.remote.outputs.sum }}
      jobs:
        check:
          runs-on: self
          outputs:
            artifact: ${{ steps.a.outputs.name }}
          steps:
            - name: typed inputs
              id: a
              run: |
                [ "${{ inputs.debug == true }}" = true ] || exit 1
                [ "${{ inputs.retries == 2 }}" = true ] || exit 2
                [ "${{ secrets.deploy_token }}" = deploy-value ] || exit 3
                [ -z "${{ secrets.OTHER }}" ] || exit 4
                echo "name=${{ inputs.target }}.tgz" >> "$GITHUB_OUTPUT"
        nested:
          needs: check
          uses: ./.forgejo/workflows/leaf.yml
          with:
            word: ${{ needs.check.outputs.artifact }}
          secrets: inherit
        remote:
          needs: check
          uses: shared/workflows/.forgejo/workflows/remote.yml@v1
          with:
            n: 40
      """;

  static final String LEAF =
      """
      on:
        workflow_call:
          inputs:
            word: {type: string, required: true}
          outputs:
            leaf:
              value: ${{ jobs.leaf.outputs.v }}
      jobs:
        leaf:
          runs-on: self
          outputs:
            v: ${{ steps.v.outputs.v }}
          steps:
            - id: v
              run: |
                [ "${{ secrets.deploy_token }}" = deploy-value ] || exit 1
                echo "v=leaf-${{ inputs.word }}" >> "$GITHUB_OUTPUT"
      """;

  static final String REMOTE =
      """
      on:
        workflow_call:
          inputs:
            n: {type: number, required: true}
          outputs:
            sum:
              value: ${{ jobs.add.outputs.sum }}
      jobs:
        add:
          runs-on: self
          outputs:
            sum: ${{ steps.s.outputs.sum }}
          steps:
            - id: s
              run: echo "sum=$(( ${{ inputs.n }} + 2 ))" >> "$GITHUB_OUTPUT"
      """;

  @TempDir Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      JrunnerProcess.stop(daemon);
    } finally {
      server.close();
    }
  }

  @Test
  void aReusableWorkflowCallRunsAsOneTask() throws Exception {
    String sha =
        server.createRepository(
            "jr/demo",
            Map.of(".forgejo/workflows/build.yml", BUILD, ".forgejo/workflows/leaf.yml", LEAF),
            true);
    server.createRepository(
        "shared/workflows", Map.of(".forgejo/workflows/remote.yml", REMOTE), false, "v1");
    server.createRepository(
        "secret/workflows", Map.of(".forgejo/workflows/remote.yml", REMOTE), true, "v1");
    startDaemon();
    server.enqueueJob(
        FakeJob.fromYaml(
                "call",
                List.of("self"),
                """
                name: ci
                on: push
                env:
                  CALLER_ENV: not-passed
                jobs:
                  call:
                    strategy:
                      matrix:
                        target: [release]
                    uses: ./.forgejo/workflows/build.yml
                    with:
                      target: ${{ matrix.target }}
                      debug: ${{ github.event_name == 'push' }}
                    secrets:
                      deploy_token: ${{ secrets.DEPLOY }}
                """)
            .withSecrets(Map.of("DEPLOY", "deploy-value", "OTHER", "other-value"))
            .withContext(Struct.newBuilder().putFields("sha", str(sha)).build()));
    TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);
    String log = String.join("\n", done.lines());
    assertThat(done.result()).as(log).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.outputs())
        .containsEntry("artifact", "release.tgz")
        .containsEntry("deep", "leaf-release.tgz")
        .containsEntry("remote", "42");
    // no step rows (Forgejo builds them from steps:), a group per inner set-up and step
    assertThat(done.steps()).isEmpty();
    assertThat(done.lines())
        .contains("##[group]Set up job call/check", "##[group]call/check › typed inputs")
        .contains("##[endgroup]", "call/check › step 1: success", "✅ call/remote/add: job success")
        .anyMatch(l -> l.startsWith("##[group]call/nested/leaf › Run "))
        .anyMatch(l -> l.startsWith("Calling the reusable workflow " + server.url() + "/jr/demo@"))
        .anyMatch(
            l -> l.contains("shared/workflows@") && l.contains(":.forgejo/workflows/remote.yml"))
        .doesNotContain("deploy-value");

    // A private repository other than the run's own cannot be read: a clear error.
    server.enqueueJob(
        FakeJob.fromYaml(
            "private",
            List.of("self"),
            """
            on: push
            jobs:
              private:
                uses: secret/workflows/.forgejo/workflows/remote.yml@v1
                with:
                  n: 1
            """));
    long first = server.awaitTask(WAIT).id();
    TaskView refused = server.awaitTaskDone(first + 1, WAIT);
    assertThat(refused.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(String.join("\n", refused.lines()))
        .contains("cannot fetch the reusable workflow secret/workflows/.forgejo/workflows/")
        .contains("is secret/workflows private?");

    // A pull request's head (reached by refs/pull/1/head only) calls a workflow it changed.
    String head =
        server.createRef(
            "jr/demo",
            Map.of(
                ".forgejo/workflows/pr.yml",
                "on: workflow_call\njobs:\n  pr:\n    runs-on: self\n    steps:\n"
                    + "      - run: echo changed-in-the-pull-request\n"),
            "refs/pull/1/head");
    server.enqueueJob(
        FakeJob.fromYaml(
                "pr",
                List.of("self"),
                "on: pull_request\njobs:\n  pr:\n    uses: ./.forgejo/workflows/pr.yml\n")
            .withContext(Struct.newBuilder().putFields("sha", str(head)).build()));
    TaskView pr = server.awaitTaskDone(first + 2, WAIT);
    assertThat(pr.result()).as(String.join("\n", pr.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(pr.lines()).contains("changed-in-the-pull-request");
  }

  @Test
  void inputsOfServerExpandedWorkflowCallAndOfWorkflowDispatchTasks() throws Exception {
    startDaemon();
    server.enqueueJob(
        FakeJob.fromYaml(
                "inner",
                List.of("self"),
                """
                name: called
                on:
                  workflow_call:
                    inputs:
                      who: {type: string}
                      flag: {type: boolean, default: false}
                      n: {type: number}
                      fallback: {type: string, default: from-default}
                jobs:
                  inner:
                    runs-on: self
                    steps:
                      - run: |
                          [ "${{ inputs.who }}" = bob ] || exit 1
                          [ "${{ inputs.flag == true }}" = true ] || exit 2
                          [ "${{ inputs.n == 4 }}" = true ] || exit 3
                          [ "${{ inputs.fallback }}" = from-default ] || exit 4
                """)
            .withContext(event("workflow_call", Map.of("who", "bob", "flag", "true", "n", "4"))));
    TaskView inner = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);
    assertThat(inner.result())
        .as(String.join("\n", inner.lines()))
        .isEqualTo(Result.RESULT_SUCCESS);

    server.enqueueJob(
        FakeJob.fromYaml(
                "deploy",
                List.of("self"),
                """
                name: deploy
                on:
                  workflow_dispatch:
                    inputs:
                      who: {type: string, default: nobody}
                      loud: {type: boolean, default: true}
                      level: {type: number, default: 3}
                jobs:
                  deploy:
                    runs-on: self
                    steps:
                      - run: |
                          [ "${{ inputs.who }}" = carol ] || exit 1
                          [ "${{ inputs.loud == false }}" = true ] || exit 2
                          [ "${{ inputs.level == 3 }}" = true ] || exit 3
                      - if: ${{ inputs.loud }}
                        run: exit 9
                """)
            .withContext(event("workflow_dispatch", Map.of("who", "carol", "loud", "false"))));
    TaskView dispatched = server.awaitTaskDone(inner.id() + 1, WAIT);
    assertThat(dispatched.result())
        .as(String.join("\n", dispatched.lines()))
        .isEqualTo(Result.RESULT_SUCCESS);
    assertThat(dispatched.steps().get(1).result()).isEqualTo(Result.RESULT_SKIPPED);
  }

  private static Struct event(String name, Map<String, String> inputs) {
    Struct.Builder in = Struct.newBuilder();
    inputs.forEach((k, v) -> in.putFields(k, str(v)));
    return Struct.newBuilder()
        .putFields("event_name", str(name))
        .putFields(
            "event",
            Value.newBuilder()
                .setStructValue(
                    Struct.newBuilder()
                        .putFields("inputs", Value.newBuilder().setStructValue(in).build()))
                .build())
        .build();
  }

  private static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private void startDaemon() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\nhost:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n");
    JrunnerProcess.register(dir, server, "self:host");
    daemon = JrunnerProcess.start(List.of(), dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
  }
}
