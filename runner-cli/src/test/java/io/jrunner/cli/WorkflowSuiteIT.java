// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.docker.DockerClients;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import io.jrunner.testkit.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow suite ({@code src/test/resources/suite/*.yml}, see docs/testing.md): every workflow
 * checks itself, {@code jrunner exec} runs them all in one process against the real Docker engine,
 * with action repositories served from {@code src/test/resources/suite-actions} over git smart
 * HTTP. Jobs named {@code xfail-*} must fail, every other job must succeed (or be one of the jobs
 * skipped on purpose), and nothing of the run may be left behind.
 *
 * <p>{@code -Dsuite.only=REGEX} runs only the workflow files whose name matches.
 */
class WorkflowSuiteIT {
  static final Path SUITE = Path.of("src", "test", "resources", "suite").toAbsolutePath();
  static final Path ACTIONS = Path.of("src", "test", "resources", "suite-actions").toAbsolutePath();

  /** Reusable workflows copied to the workspace's {@code .forgejo/workflows}. */
  static final Path CALLED =
      Path.of("src", "test", "resources", "suite-workflows").toAbsolutePath();

  /** Jobs whose if: (or a failed need) skips them on purpose; their dependents check that. */
  static final Set<String> SKIPPED =
      Set.of(
          "job-if-false",
          "needs-failure-skipped",
          "job-if-skipped-need",
          "job-if-failure-after-skip",
          "job-level-env-false",
          "needs-ancestors-default-skipped");

  static final Pattern FINISHED = Pattern.compile("^\\[(.+?)\\] 🏁 Job (\\w+)(?: \\[[^\\]]+\\])?$");
  static final Pattern JOB_SKIPPED = Pattern.compile("^\\[(.+?)\\] ⏭ skipped(?: \\(.*\\))?$");

  @TempDir Path dir;

  @BeforeAll
  static void buildImages(@TempDir Path context) throws Exception {
    build(
        context.resolve("sleeper"),
        "FROM runner-test/busybox:latest\nCMD [\"sleep\", \"3600\"]\n",
        "runner-test/sleeper:latest");
    // The debian image with `python` (for shell: python) and a PATH of its own (for GITHUB_PATH).
    build(
        context.resolve("tools"),
        """
        FROM runner-test/debian-node:bookworm
        RUN ln -s /usr/bin/python3 /usr/local/bin/python && mkdir -p /opt/suite/bin \\
            && printf '#!/bin/sh\\necho suite-tool-ran\\n' > /opt/suite/bin/suite-tool \\
            && chmod +x /opt/suite/bin/suite-tool
        ENV PATH=/opt/suite/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        """,
        "runner-test/suite-tools:latest");
  }

  private static void build(Path context, String dockerfile, String tag) throws Exception {
    Files.createDirectories(context);
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    try (var docker = DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(5))) {
      docker.buildImageCmd(context.toFile()).withTags(Set.of(tag)).start().awaitImageId();
    }
  }

  @Test
  void everyWorkflowChecksItself_xfailJobsAndOnlyThoseFail() throws Exception {
    Path workflows = selectedWorkflows();
    Path workspace = workspace();
    Map<String, Boolean> expected = expectedJobs(workflows); // job id -> must succeed
    try (GitHttpServer git = GitHttpServer.start(Files.createDirectory(dir.resolve("git")))) {
      serveActions(git);

      Process p =
          JrunnerProcess.start(
              dir,
              "exec",
              "-W",
              workflows.toString(),
              "-C",
              workspace.toString(),
              "-E",
              "workflow_dispatch",
              "-P",
              "busybox=runner-test/busybox:latest",
              "-P",
              "debian=runner-test/debian-node:bookworm",
              "-P",
              "tools=runner-test/suite-tools:latest",
              "-P",
              "host=-self-hosted",
              "-s",
              "SUITE_SECRET=s3cr3t-value-9876",
              "--var",
              "SUITE_VAR=var-value",
              "--var",
              "SUITE_FLAG=yes",
              "--default-actions-url",
              git.url(),
              "--action-cache",
              dir.resolve("action-cache").toString(),
              "--forgejo-instance",
              git.url(),
              "--input",
              "suite_who=cli-given",
              "--input",
              "suite_loud=true");
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the suite did not finish:\n" + JrunnerProcess.stdout(dir));
      }
      String stdout = JrunnerProcess.stdout(dir);
      String stderr = JrunnerProcess.stderr(dir);
      String all = stdout + "\n" + stderr;

      Map<String, String> finished = new TreeMap<>(); // display name -> success/failure/cancelled
      Set<String> skipped = new TreeSet<>();
      for (String line : stdout.lines().toList()) {
        Matcher m = FINISHED.matcher(line);
        if (m.matches()) {
          finished.put(m.group(1), m.group(2));
        }
        Matcher s = JOB_SKIPPED.matcher(line);
        if (s.matches()) {
          skipped.add(s.group(1));
        }
      }
      // The failed jobs are exactly the xfail-* jobs (for a matrix: at least one combination of
      // each, while the others may pass, as in matrix-fail-fast.yml).
      Set<String> failedIds = new TreeSet<>();
      for (Map.Entry<String, String> e : finished.entrySet()) {
        if (!e.getValue().equals("success")) {
          failedIds.add(e.getKey().replaceFirst(" \\(.*\\)$", ""));
        }
      }
      Set<String> shouldFail = new TreeSet<>();
      expected.forEach(
          (id, mustSucceed) -> {
            if (!mustSucceed) {
              shouldFail.add(id);
            }
          });
      assertThat(failedIds).as(all).isEqualTo(shouldFail);
      assertThat(skipped).as(all).isEqualTo(expectedSkipped(expected));
      // Every job of every workflow ran (a matrix job as "id (values)") or was skipped on purpose.
      for (String id : expected.keySet()) {
        assertThat(
                finished.keySet().stream().anyMatch(n -> n.equals(id) || n.startsWith(id + " ("))
                    || skipped.contains(id))
            .as("job %s ran\n%s", id, all)
            .isTrue();
      }
      if (shouldFail.isEmpty()) {
        assertThat(p.exitValue()).as(all).isZero();
      } else {
        assertThat(p.exitValue()).as(all).isEqualTo(1);
        assertThat(stderr).contains("job(s) failed: ");
      }
      assertLogs(stdout, workflows);
      ExecLeftovers.assertNothingLeft(p.pid());
    }
  }

  /** What workflows cannot check themselves: lines of the log. */
  private static void assertLogs(String stdout, Path workflows) {
    if (Files.exists(workflows.resolve("exit-codes.yml"))) {
      assertThat(stdout)
          .contains("[exit-codes]   | Process completed with exit code 3.")
          .contains("[exit-codes]   | Process completed with exit code 255.")
          .contains("[xfail-exit-codes]   | Process completed with exit code 7.");
    }
    if (Files.exists(workflows.resolve("timeout-job.yml"))) {
      assertThat(stdout)
          .contains("[xfail-timeout-job]   | cleanup after timeout")
          .contains("[xfail-timeout-job]   | cancelled-is-true")
          .contains("[xfail-timeout-job]   | The job has exceeded the maximum execution time of 3s")
          .contains("[xfail-timeout-job] 🏁 Job cancelled")
          .doesNotContain("| should-not-run-after-timeout");
    }
    if (Files.exists(workflows.resolve("timeout-step.yml"))) {
      assertThat(stdout).contains("[timeout-step]   | The step timed out after 0.05 minute(s).");
    }
    if (Files.exists(workflows.resolve("if-status.yml"))) {
      assertThat(stdout).contains("[xfail-if-status]   | if-status verified");
    }
    if (Files.exists(workflows.resolve("masking.yml"))) {
      // masking.yml: a -s secret and an ::add-mask:: value never reach the console
      assertThat(stdout)
          .contains("[masking]   | *** ***")
          .doesNotContain("s3cr3t-value-9876")
          .doesNotContain("masked-by-command-4711");
    }
    if (Files.exists(workflows.resolve("commands-unsecure.yml"))) {
      // actions/runner's error line for a disabled command
      assertThat(stdout)
          .contains(
              "[xfail-commands-unsecure-fails-the-job]   | ##[error]The `set-env` command is"
                  + " disabled. Please upgrade to using Environment Files or opt into unsecure"
                  + " command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS`"
                  + " environment variable to `true`.");
    }
    if (Files.exists(workflows.resolve("local-composite.yml"))) {
      assertThat(stdout)
          .contains("[xfail-local-composite-failing]   | composite failure handler ran")
          .doesNotContain("   | must not run");
    }
    if (Files.exists(workflows.resolve("local-node.yml"))) {
      assertThat(stdout).contains("[local-node]   | local post ran with state state-given");
    }
    if (Files.exists(workflows.resolve("remote-node.yml"))) {
      assertThat(stdout)
          .contains("[remote-node]   | node-kit pre ran")
          .contains("[remote-node]   | node-kit post ran for alice")
          .contains("[remote-node]   | node-kit post ran for bob");
      // post steps run last registered first
      assertThat(stdout.indexOf("post ran for bob"))
          .isLessThan(stdout.indexOf("post ran for alice"));
    }
    if (Files.exists(workflows.resolve("remote-composite.yml"))) {
      assertThat(stdout).contains("[remote-composite-nested]   | node-kit post ran for DEEP");
    }
    if (Files.exists(workflows.resolve("reusable-local.yml"))) {
      assertThat(stdout)
          .contains("[reusable-local-mapped/check] 🏁 Job success")
          .contains("[reusable-local-mapped/nested/leaf] 🏁 Job success")
          .contains("[reusable-local-mapped/package (arm64)] 🏁 Job success")
          .contains(
              "Error: jobs.xfail-reusable-local-missing (./.forgejo/workflows/reusable-build.yml):"
                  + " the called workflow requires input 'target'")
          .contains("with.colour is not an input of the called workflow")
          .doesNotContain("[reusable-local-mapped/skipped-when-not-debug] 🏁");
    }
    if (Files.exists(workflows.resolve("reusable-remote.yml"))) {
      assertThat(stdout).contains("[reusable-remote-call/nested/leaf] 🏁 Job success");
    }
    if (Files.exists(workflows.resolve("matrix-fail-fast.yml"))) {
      assertThat(stdout)
          .contains("[xfail-matrix (good)]   | matrix-leg-good-done")
          .contains("[xfail-matrix (fine)]   | matrix-leg-fine-done")
          .doesNotContain("matrix-leg-bad-done");
    }
  }

  /** The suite, or with -Dsuite.only=REGEX a copy holding the matching files only. */
  private Path selectedWorkflows() throws Exception {
    String only = System.getProperty("suite.only", "");
    if (only.isBlank()) {
      return SUITE;
    }
    Path selected = Files.createDirectory(dir.resolve("selected"));
    Pattern pattern = Pattern.compile(only);
    try (Stream<Path> files = Files.list(SUITE)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        if (pattern.matcher(f.getFileName().toString()).find()) {
          Files.copy(f, selected.resolve(f.getFileName()));
        }
      }
    }
    return selected;
  }

  /** Every job id of the workflows to run, mapped to whether it must succeed. */
  private static Map<String, Boolean> expectedJobs(Path workflows) throws Exception {
    Map<String, Boolean> jobs = new TreeMap<>();
    try (Stream<Path> files = Files.list(workflows)) {
      List<Path> yml = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
      assertThat(yml).isNotEmpty();
      if (workflows.equals(SUITE)) {
        assertThat(yml).hasSizeGreaterThanOrEqualTo(40);
      }
      for (Path f : yml) {
        Workflow w = WorkflowParser.parse(Files.readString(f, StandardCharsets.UTF_8)).value();
        for (String id : w.jobs().keySet()) {
          assertThat(jobs).as("job ids are unique across the suite: %s", id).doesNotContainKey(id);
          jobs.put(id, !id.startsWith("xfail-"));
        }
      }
    }
    return jobs;
  }

  private static Set<String> expectedSkipped(Map<String, Boolean> jobs) {
    Set<String> out = new TreeSet<>(SKIPPED);
    out.retainAll(jobs.keySet());
    return out;
  }

  /** The -C directory: a few files the workflows read ({@code github.repository} is its name). */
  private Path workspace() throws Exception {
    Path ws = dir.resolve("suite-ws");
    Files.createDirectories(ws.resolve("data"));
    Files.createDirectories(ws.resolve("sub").resolve("dir"));
    Files.writeString(ws.resolve("data").resolve("a.txt"), "alpha\n");
    Files.writeString(ws.resolve("data").resolve("b.txt"), "beta\n");
    Files.writeString(ws.resolve("sub").resolve("dir").resolve("marker.txt"), "marker\n");
    Files.writeString(ws.resolve(".hidden"), "h\n");
    Path called = Files.createDirectories(ws.resolve(".forgejo").resolve("workflows"));
    try (Stream<Path> files = Files.list(CALLED)) {
      for (Path f : files.toList()) {
        Files.copy(f, called.resolve(f.getFileName()));
      }
    }
    return ws;
  }

  /** Each {@code suite-actions/<owner>/<name>/} becomes the repository owner/name, tag v1. */
  private static void serveActions(GitHttpServer git) throws Exception {
    List<Path> repos = new ArrayList<>();
    try (Stream<Path> owners = Files.list(ACTIONS)) {
      for (Path owner : owners.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> names = Files.list(owner)) {
          repos.addAll(names.filter(Files::isDirectory).sorted().toList());
        }
      }
    }
    for (Path repo : repos) {
      Map<String, String> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(repo)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files.put(
              repo.relativize(f).toString().replace('\\', '/'),
              Files.readString(f, StandardCharsets.UTF_8));
        }
      }
      git.createRepository(repo.getParent().getFileName() + "/" + repo.getFileName(), files, "v1");
    }
  }
}
