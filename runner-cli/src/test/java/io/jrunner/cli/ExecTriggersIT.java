// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrunner exec} as a newcomer runs it in a git repository: only the workflows the event
 * triggers run ({@code on:} with the server's rules), {@code actions/checkout} of the own
 * repository works offline from the working copy, the workspace holds what git would, and the flags
 * reach the contexts. Real Docker with the local busybox image, or the host.
 */
class ExecTriggersIT {
  @TempDir Path dir;
  private Path repo;
  private Path run;

  @BeforeEach
  void repository() throws Exception {
    repo = Files.createDirectories(dir.resolve("repo"));
    run = Files.createDirectories(dir.resolve("run"));
    Path wf = Files.createDirectories(repo.resolve(".forgejo").resolve("workflows"));
    Files.writeString(
        wf.resolve("ci.yml"),
        """
        name: ci
        on:
          push:
            branches: [develop, 'feature/**']
        jobs:
          build:
            runs-on: docker
            steps:
              - uses: actions/checkout@v4
              - run: echo "ci ran on $GITHUB_REF"
        """);
    Files.writeString(
        wf.resolve("deploy.yml"),
        """
        name: deploy
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: docker
            steps:
              - run: echo DEPLOYING-FOR-REAL
        """);
    Files.writeString(
        wf.resolve("pr.yml"),
        """
        on:
          pull_request:
            branches: [main]
        jobs:
          review:
            runs-on: docker
            steps:
              - run: echo "review ${{ github.head_ref }} into ${{ github.base_ref }} at ${{ github.ref }}"
        """);
    Files.writeString(repo.resolve("README.md"), "tracked\n");
    Files.writeString(repo.resolve(".gitignore"), "venv/\n*.log\n");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("first")
          .setAuthor("Dev One", "dev@example.com")
          .setCommitter("Dev One", "dev@example.com")
          .setSign(false)
          .call();
      git.checkout().setCreateBranch(true).setName("develop").call();
    }
    Files.createDirectories(repo.resolve("venv"));
    Files.writeString(repo.resolve("venv").resolve("ignored.txt"), "ignored\n");
    Files.writeString(repo.resolve("build.log"), "ignored\n");
    Files.writeString(repo.resolve("untracked.txt"), "untracked, not ignored\n");
  }

  private JrunnerProcess.Result exec(String... args) throws Exception {
    String[] all = new String[args.length + 6];
    all[0] = "exec";
    all[1] = "-C";
    all[2] = repo.toString();
    all[3] = "-P";
    all[4] = "docker=runner-test/busybox:latest";
    all[5] = "--default-actions-url=http://127.0.0.1:9/";
    System.arraycopy(args, 0, all, 6, args.length);
    return JrunnerProcess.run(run, all);
  }

  @Test
  void threeWorkflows_onABranchOnlyTheMatchingOneRuns_andEachSkipSaysWhy() throws Exception {
    JrunnerProcess.Result r = exec();

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("run  ci.yml (ci): push to develop passes on.push")
        .contains(
            "skip deploy.yml (deploy): push to develop: branch develop does not pass branches [main]")
        .contains("skip pr.yml: on: has no push (it has: pull_request)")
        .contains("[build]   | ci ran on refs/heads/develop", "[build] 🏁 Job success")
        .doesNotContain("DEPLOYING-FOR-REAL")
        .doesNotContain("\u001b[") // not a terminal: no colours
        .containsPattern("Summary\\n  JOB +RESULT +TIME\\n  build +success +[0-9.]+s\\n");
  }

  @Test
  void namedJob_stillObeysTheTrigger_andAllRunsEverythingSayingSo() throws Exception {
    JrunnerProcess.Result named = exec("-j", "deploy");
    assertThat(named.exitCode()).as(named.stdout() + named.stderr()).isZero();
    assertThat(named.stdout())
        .contains("skip deploy.yml (deploy) with job deploy: push to develop: branch develop")
        .contains("nothing to run for event push")
        .doesNotContain("DEPLOYING-FOR-REAL");

    JrunnerProcess.Result all = exec("--all", "-j", "deploy");
    assertThat(all.exitCode()).as(all.stdout() + all.stderr()).isZero();
    assertThat(all.stdout())
        .contains("--all: running every workflow whatever its on: (event push)")
        .contains("[deploy]   | DEPLOYING-FOR-REAL");
  }

  @Test
  void listAndDryRun_showThePlanAndRunNothing() throws Exception {
    JrunnerProcess.Result r = exec("--list", "--all");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("workflow ci.yml (ci)", "  stage 1\n    build\n", "workflow pr.yml")
        .doesNotContain("Set up job");
    JrunnerProcess.Result dry = exec("-n");
    assertThat(dry.stdout()).contains("dry run: nothing was run").doesNotContain("Set up job");
  }

  @Test
  void pullRequest_baseBranchFiltersAndFillsHeadRefBaseRefAndRef() throws Exception {
    JrunnerProcess.Result wrongBase = exec("-E", "pull_request", "--base", "release");
    assertThat(wrongBase.stdout())
        .contains(
            "skip pr.yml: pull_request into release: base branch release does not pass branches [main]");

    // The default base is the repository's default branch (main here).
    JrunnerProcess.Result r = exec("-E", "pull_request");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("run  pr.yml: pull_request into main passes on.pull_request")
        .contains("[review]   | review develop into main at refs/pull/1/head");
  }

  @Test
  void checkoutOfTheOwnRepository_runsOfflineFromTheWorkingCopy_withPathAndGitignore()
      throws Exception {
    Files.writeString(
        repo.resolve(".forgejo").resolve("workflows").resolve("ci.yml"),
        """
        on: push
        jobs:
          build:
            runs-on: docker
            steps:
              - uses: actions/checkout@v4
              - uses: actions/checkout@v4
                with:
                  repository: ${{ github.repository }}
                  path: sub/dir
              - run: |
                  test -f README.md && test -f untracked.txt && test -f sub/dir/README.md || exit 1
                  test ! -e venv && test ! -e build.log && test ! -e sub/dir/venv || exit 1
                  test -d .git && echo workspace-as-git-sees-it
          other:
            runs-on: docker
            steps:
              - uses: actions/checkout@v4
                with:
                  repository: someone/else
        """);

    JrunnerProcess.Result r = exec("-j", "build");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("actions/checkout@v4: using the working copy of " + repo.toRealPath())
        .contains("[build]   | copied into path: sub/dir")
        .contains("[build]   | workspace-as-git-sees-it")
        .contains("workspace: 6 file(s) of ")
        .doesNotContain("cannot fetch");

    // Another repository is fetched as usual: here the actions server cannot be reached.
    JrunnerProcess.Result other = exec("-j", "other");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.stdout()).contains("127.0.0.1:9").contains("[other] 🏁 Job failure");

    // --use-gitignore=false copies everything.
    JrunnerProcess.Result everything = exec("-j", "build", "--use-gitignore=false");
    assertThat(everything.stdout()).contains("(all files)");
    assertThat(everything.exitCode()).isEqualTo(1); // venv is there now, the step says so
  }

  @Test
  void flags_reachTheContexts_andMultiLineSecretsAreMasked() throws Exception {
    Files.writeString(
        repo.resolve(".forgejo").resolve("workflows").resolve("ci.yml"),
        """
        on: push
        jobs:
          flags:
            runs-on: docker
            strategy:
              matrix:
                n: [1, 2, 3]
            steps:
              - run: |
                  [ "${{ env.FROM_FILE }}" = file-value ] && [ "$FROM_FILE" = file-value ] || exit 1
                  [ "${{ env.FROM_FLAG }}" = flag-value ]
                  [ "${{ github.actor }}" = octo ] && [ "${{ github.event.sender.login }}" = octo ] || exit 1
                  [ "${{ github.event.head_commit.id }}" = "${{ github.sha }}" ]
                  [ "${{ github.event.ref }}" = refs/heads/develop ]
                  [ "${{ github.event.before }}" = 0000000000000000000000000000000000000000 ]
                  echo "matrix ${{ matrix.n }}"
                  printf '%s\\n' "$KEY"
                env:
                  KEY: ${{ secrets.KEY }}
        """);
    Files.writeString(run.resolve("vars.env"), "FROM_FILE=file-value\n");
    Files.writeString(
        run.resolve("secrets.env"), "KEY=\"-----BEGIN-----\\nsecret-middle\\n-----END-----\"\n");

    JrunnerProcess.Result r =
        exec(
            "-P",
            "docker=-self-hosted",
            "--env-file",
            run.resolve("vars.env").toString(),
            "--env",
            "FROM_FLAG=flag-value",
            "--secret-file",
            run.resolve("secrets.env").toString(),
            "--actor",
            "octo",
            "--matrix",
            "n:2");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("--matrix {n=[2]}: 1 of 3 combination(s)")
        .contains("[flags (2)]   | matrix 2")
        .doesNotContain("matrix 1", "matrix 3")
        .doesNotContain("secret-middle", "BEGIN", "END-----")
        .contains("[flags (2)]   | ***");
  }

  @Test
  void configFile_containerSettingsApply_dockerHostAutomountMountsTheSocket() throws Exception {
    Files.writeString(
        repo.resolve(".forgejo").resolve("workflows").resolve("ci.yml"),
        """
        on: push
        jobs:
          sock:
            runs-on: docker
            steps:
              - run: test -S /var/run/docker.sock && echo socket-mounted
        """);
    Path config = run.resolve("config.yaml");
    Files.writeString(config, "container:\n  docker_host: automount\n");

    JrunnerProcess.Result r = exec("-c", config.toString());

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("[sock]   | socket-mounted");
  }
}
