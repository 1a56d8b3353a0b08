// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrunner exec} as a user runs it, against the real Docker engine with the locally built
 * images: self-checking workflows (each step verifies what it expects), then nothing left behind.
 */
class ExecIT {
  @TempDir Path dir;

  /** A long-running service image, built locally FROM the busybox test image (no pull). */
  @org.junit.jupiter.api.BeforeAll
  static void buildServiceImage(@TempDir Path context) throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM runner-test/busybox:latest\nCMD [\"sleep\", \"3600\"]\n");
    try (var docker = DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(2))) {
      docker
          .buildImageCmd(context.toFile())
          .withTags(java.util.Set.of("runner-test/sleeper:latest"))
          .start()
          .awaitImageId();
    }
  }

  @Test
  void bundledExample_runsInBusybox() throws Exception {
    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "exec",
            "-W",
            Path.of("..", "examples", "hello.yml").toAbsolutePath().toString(),
            "-P",
            "demo=runner-test/busybox:latest");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("[build]   | hello from jrunner", "[build] 🏁 Job success");
  }

  @Test
  void semantics_envOutputsFilesConditionsMatrixNeeds() throws Exception {
    Path workflow =
        Path.of("src", "test", "resources", "workflows", "semantics.yml").toAbsolutePath();
    Files.writeString(dir.resolve("from-workspace.txt"), "copied in\n");

    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "exec",
            "-W",
            workflow.toString(),
            "-C",
            dir.toString(),
            "-P",
            "debian=runner-test/debian-node:bookworm");

    // The job "failing" fails on purpose; everything else must pass its own checks.
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("job(s) failed: failing").doesNotContain("first,");
    assertThat(r.stdout())
        .contains("[first] 🏁 Job success")
        .contains("[second (1)] 🏁 Job success", "[second (2, yes)] 🏁 Job success")
        .contains("[failing]   | cleanup after failure", "[failing]   | always")
        .contains("[first]   ✅ success (failure, continue-on-error)")
        .contains("[with-service] 🏁 Job success")
        .contains("[timeouts]   | The step timed out after 0.05 minute(s).")
        .contains("[timeouts] 🏁 Job success");
    ExecLeftovers.assertNothingLeft(r.pid());
  }

  @Test
  void jobTimeout_cancelsTheJobAndAlwaysStepsStillRun() throws Exception {
    Path workflow = Path.of("src", "test", "resources", "workflows", "cancel.yml").toAbsolutePath();

    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "exec",
            "-W",
            workflow.toString(),
            "-P",
            "debian=runner-test/debian-node:bookworm");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("[slow]   | cleanup-ran", "[slow] 🏁 Job cancelled")
        .doesNotContain("should-not-run");
    ExecLeftovers.assertNothingLeft(r.pid());
  }

  @Test
  void containerAndServices_applyEnvOptionsAndHealthChecks() throws Exception {
    Path wf = dir.resolve("containers.yml");
    Files.writeString(
        wf,
        """
        on: push
        jobs:
          c:
            runs-on: x
            container:
              image: runner-test/busybox:latest
              env: {FROM_CONTAINER: "${{ format('{0}{1}', 1, 2) }}"}
              options: --hostname jobhost -e 'FROM_OPTIONS=a b'
            services:
              db:
                image: runner-test/sleeper:latest
                options: >-
                  --health-cmd "test -d /tmp" --health-interval 1s
                  --network-alias database
            steps:
              - run: |
                  [ "$FROM_CONTAINER" = 12 ] && [ "$FROM_OPTIONS" = "a b" ]
                  [ "$(hostname)" = jobhost ]
                  ping -c 1 -W 2 database
          refused:
            runs-on: x
            container:
              image: runner-test/busybox:latest
              options: --privileged
            steps:
              - run: echo should-not-run
        """);

    JrunnerProcess.Result r =
        JrunnerProcess.run(dir, "exec", "-W", wf.toString(), "-i", "runner-test/busybox:latest");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("job(s) failed: refused").doesNotContain("c,");
    assertThat(r.stdout())
        .contains("Waiting for service db to be healthy", "Service db is healthy")
        .contains("[c] 🏁 Job success")
        .contains("job container: options: --privileged is refused")
        .doesNotContain("should-not-run");
    ExecLeftovers.assertNothingLeft(r.pid());
  }

  @Test
  void workspace_isCopiedIn() throws Exception {
    Files.writeString(dir.resolve("data.txt"), "42\n");
    Path wf = dir.resolve("ws.yml");
    Files.writeString(
        wf,
        "on: push\njobs:\n  ws:\n    runs-on: x\n    steps:\n"
            + "      - run: '[ \"$(cat data.txt)\" = 42 ]'\n");

    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "exec",
            "-W",
            wf.toString(),
            "-C",
            dir.toString(),
            "-i",
            "runner-test/busybox:latest");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  @Test
  void selfHosted_runsOnThisMachineAndCleansUp() throws Exception {
    Files.writeString(dir.resolve("data.txt"), "7\n");
    Path wf = dir.resolve("host.yml");
    Files.writeString(
        wf,
        "on: push\njobs:\n  h:\n    runs-on: self\n    steps:\n"
            + "      - run: '[ \"$(cat data.txt)\" = 7 ] && echo \"ws=$PWD\"'\n");

    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir, "exec", "-W", wf.toString(), "-C", dir.toString(), "-P", "self=-self-hosted");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    String ws = r.stdout().lines().filter(l -> l.contains("ws=")).findFirst().orElseThrow();
    assertThat(Path.of(ws.substring(ws.indexOf("ws=") + 3))).doesNotExist();
  }

  @Test
  void gitRepositoryAndEventPayload_feedTheGithubContext() throws Exception {
    Path repo = Files.createDirectory(dir.resolve("tool"));
    for (String[] git :
        new String[][] {
          {"git", "init", "-q", "-b", "develop"},
          {"git", "remote", "add", "origin", "https://forge.example/acme/tool.git"},
          {
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x"
          }
        }) {
      assertThat(new ProcessBuilder(git).directory(repo.toFile()).start().waitFor()).isZero();
    }
    Path event = dir.resolve("event.json");
    Files.writeString(event, "{\"inputs\": {\"level\": \"3\"}}");
    Path wf = dir.resolve("ctx.yml");
    Files.writeString(
        wf,
        """
        on: workflow_dispatch
        jobs:
          c:
            runs-on: self
            steps:
              - run: |
                  [ "${{ github.repository }}" = acme/tool ]
                  [ "${{ github.ref }}" = refs/heads/develop ] && [ "${{ github.ref_name }}" = develop ]
                  [ "${{ github.sha }}" = "$(git rev-parse HEAD)" ]
                  [ "${{ inputs.level }}" = 3 ] && [ "${{ github.event.inputs.level }}" = 3 ]
                  grep -q '"level": "3"' "$GITHUB_EVENT_PATH"
        """);

    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "exec",
            "-W",
            wf.toString(),
            "-C",
            repo.toString(),
            "-E",
            "workflow_dispatch",
            "--eventpath",
            event.toString(),
            "-P",
            "self=-self-hosted");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  @Test
  void malformedWorkflow_failsWithItsPosition() throws Exception {
    Path wf = dir.resolve("bad.yml");
    Files.writeString(
        wf, "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ${{ 1 == }}\n");

    JrunnerProcess.Result r = JrunnerProcess.run(dir, "exec", "-W", wf.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG.code());
    assertThat(r.stderr()).contains("bad.yml:6:").contains("invalid expression");
  }

  @Test
  void remoteActions_compositeRunsAnywhere_nodeNeedsNodeInTheImage() throws Exception {
    try (var git =
        io.jrunner.testkit.GitHttpServer.start(Files.createDirectory(dir.resolve("git")))) {
      git.createRepository(
          "tools/kit",
          java.util.Map.of(
              "say/action.yml",
              "name: say\ninputs:\n  text: {required: true}\noutputs:\n"
                  + "  upper: {value: '${{ steps.u.outputs.v }}'}\nruns:\n  using: composite\n"
                  + "  steps:\n    - id: u\n      shell: sh\n"
                  + "      run: echo \"v=$(echo '${{ inputs.text }}' | tr a-z A-Z)\" >> $GITHUB_OUTPUT\n",
              "js/action.yml",
              "name: js\nruns:\n  using: node20\n  main: index.js\n",
              "js/index.js",
              "console.log('from node')\n"),
          "v1");
      Path wf = dir.resolve("actions.yml");
      Files.writeString(
          wf,
          """
          on: push
          jobs:
            a:
              runs-on: x
              steps:
                - id: s
                  uses: tools/kit/say@v1
                  with: {text: shout}
                - run: '[ "${{ steps.s.outputs.upper }}" = SHOUT ]'
                - uses: tools/kit/js@v1
          """);

      JrunnerProcess.Result r =
          JrunnerProcess.run(
              dir,
              "exec",
              "-W",
              wf.toString(),
              "-i",
              "runner-test/busybox:latest",
              "--default-actions-url",
              git.url(),
              "--action-cache",
              dir.resolve("cache").toString());

      assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("[a]   ✅ success")
          .contains("is a node20 action, but the job's image has no `node` on its PATH");
      ExecLeftovers.assertNothingLeft(r.pid());
    }
  }

  @Test
  void leftoversOfAKilledExecRun_areRemovedByTheNextRun_othersAreKept() throws Exception {
    String host = Hostname.get();
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    String dead = new ExecRunId(finished.pid(), "dead-run", host).toString();
    String alive = new ExecRunId(ProcessHandle.current().pid(), "live-run", host).toString();
    String elsewhere = new ExecRunId(finished.pid(), "other-host", host + "-other").toString();
    try (var docker = DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(30))) {
      List<String> ids = new java.util.ArrayList<>();
      for (String runner : List.of(dead, alive, elsewhere)) {
        ids.add(
            docker
                .createContainerCmd("runner-test/busybox:latest")
                .withCmd("true")
                .withLabels(ResourceLabels.of(runner, 0))
                .exec()
                .getId());
      }
      try {
        Path wf = dir.resolve("noop.yml");
        Files.writeString(
            wf, "on: push\njobs:\n  n:\n    runs-on: x\n    steps:\n      - run: 'true'\n");

        JrunnerProcess.Result r =
            JrunnerProcess.run(
                dir, "exec", "-W", wf.toString(), "-i", "runner-test/busybox:latest");

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        List<String> left =
            docker.listContainersCmd().withShowAll(true).exec().stream()
                .map(c -> c.getId())
                .filter(ids::contains)
                .toList();
        assertThat(left).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
      } finally {
        for (String id : ids) {
          try {
            docker.removeContainerCmd(id).withForce(true).exec();
          } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // the sweep removed it
          }
        }
      }
    }
  }
}
