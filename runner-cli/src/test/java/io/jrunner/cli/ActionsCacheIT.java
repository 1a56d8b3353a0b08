// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.GitHttpServer;
import io.jrunner.testkit.Views.TaskView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code actions/cache@v4} (its bundled {@code dist/}, from the directory named by {@code
 * JRUNNER_ACTIONS_CACHE_DIR}, never committed; {@code .ci/run} provides it) saves in one Docker job
 * and restores in the next, through {@code exec} and through the daemon: the restoring job checks
 * {@code cache-hit} and the bytes, so a run where the action only warns fails.
 */
class ActionsCacheIT {
  private static final Duration WAIT = Duration.ofMinutes(3);
  static final String KEY = "deps-cache-it";

  @TempDir Path dir;
  private Path action;

  @BeforeEach
  void findTheAction() {
    action = actionDir();
  }

  /**
   * The checkout of actions/cache named by {@code JRUNNER_ACTIONS_CACHE_DIR}; aborts the test
   * without one (fails it on CI).
   */
  static Path actionDir() {
    String where = System.getenv("JRUNNER_ACTIONS_CACHE_DIR");
    if (where == null || where.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("JRUNNER_ACTIONS_CACHE_DIR is not set (.ci/run sets it)");
      }
      Assumptions.abort("JRUNNER_ACTIONS_CACHE_DIR is not set: a checkout of actions/cache v4");
    }
    Path action = Path.of(where);
    assertThat(action.resolve("action.yml")).exists();
    return action;
  }

  /** The action.yml files and dist/ of the action, as the repository actions/cache, tag v4. */
  private void serve(GitHttpServer git) throws Exception {
    serve(git, action);
  }

  /** Serves {@code action} as the repository actions/cache, tag v4, from {@code git}. */
  static void serve(GitHttpServer git, Path action) throws Exception {
    Map<String, String> files = new TreeMap<>();
    for (String yml : java.util.List.of("action.yml", "restore/action.yml", "save/action.yml")) {
      files.put(yml, Files.readString(action.resolve(yml), StandardCharsets.UTF_8));
    }
    try (Stream<Path> walk = Files.walk(action.resolve("dist"))) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(action.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    git.createRepository("actions/cache", files, "v4");
  }

  static String saveJob(String runsOn) {
    return """
          save:
            runs-on: %s
            steps:
              - id: c
                uses: actions/cache@v4
                with:
                  path: deps
                  key: %s
              - run: '[ "${{ steps.c.outputs.cache-hit }}" != "true" ]'
              - run: mkdir -p deps/sub && seq 1 300000 > deps/numbers.txt && echo here > deps/sub/x
        """
        .formatted(runsOn, KEY);
  }

  static String restoreJob(String runsOn) {
    return """
          restore:
            runs-on: %s
            steps:
              - id: c
                uses: actions/cache@v4
                with:
                  path: deps
                  key: %s
              - run: '[ "${{ steps.c.outputs.cache-hit }}" = "true" ]'
              - run: seq 1 300000 | cmp - deps/numbers.txt && [ "$(cat deps/sub/x)" = here ]
              - id: p
                uses: actions/cache/restore@v4
                with:
                  path: deps
                  key: nothing-like-it
                  restore-keys: deps-cache
              - run: '[ "${{ steps.p.outputs.cache-matched-key }}" = "%s" ]'
              - run: '[ "${{ steps.p.outputs.cache-hit }}" = "false" ]'
        """
        .formatted(runsOn, KEY, KEY);
  }

  @Test
  void execSavesInOneJobAndRestoresInTheNext() throws Exception {
    Path workflows = Files.createDirectories(dir.resolve("ws/.forgejo/workflows"));
    Files.writeString(
        workflows.resolve("cache.yml"),
        "on: push\njobs:\n"
            + saveJob("node")
            + restoreJob("node").replace("runs-on: node", "runs-on: node\n    needs: save"));
    try (GitHttpServer git = GitHttpServer.start(Files.createDirectory(dir.resolve("git")))) {
      serve(git);
      Process p =
          JrunnerProcess.start(
              dir,
              "exec",
              "-C",
              dir.resolve("ws").toString(),
              "-P",
              "node=runner-test/debian-node:bookworm",
              "--default-actions-url",
              git.url(),
              "--action-cache",
              dir.resolve("action-cache").toString(),
              "--cache-server-path",
              dir.resolve("cache").toString());
      assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      String out = JrunnerProcess.stdout(dir) + JrunnerProcess.stderr(dir);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("Cache saved with key: " + KEY);
      assertThat(out).contains("Cache restored from key: " + KEY);
      assertThat(out).doesNotContain("Cache service responded with");
    }
  }

  @Test
  void theDaemonSavesInOneJobAndRestoresInTheNext() throws Exception {
    FakeForgejoServer server = FakeForgejoServer.start();
    try (server;
        GitHttpServer git = GitHttpServer.start(Files.createDirectory(dir.resolve("git")))) {
      serve(git);
      Files.writeString(
          dir.resolve("config.yaml"),
          "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\ncache:\n  dir: "
              + dir.resolve("cache")
              + "\n");
      JrunnerProcess.register(dir, server, "node:docker://runner-test/debian-node:bookworm");
      Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
      try {
        TaskView saved = run(server, git, "save", "on: push\njobs:\n" + saveJob("node"));
        assertThat(saved.lines()).anyMatch(l -> l.contains("Cache saved with key: " + KEY));
        TaskView restored = run(server, git, "restore", "on: push\njobs:\n" + restoreJob("node"));
        assertThat(restored.lines()).anyMatch(l -> l.contains("Cache restored from key: " + KEY));
      } finally {
        daemon.destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(JrunnerProcess.stderr(dir) + JrunnerProcess.stdout(dir))
          .containsPattern("cache: jobs get ACTIONS_CACHE_URL=http://[^/]+:\\d+/<run key>/")
          .contains("cache hit:");
    }
  }

  private static TaskView run(FakeForgejoServer server, GitHttpServer git, String job, String yaml)
      throws Exception {
    long before = server.tasks().stream().mapToLong(t -> t.id()).max().orElse(0);
    server.enqueueJob(
        FakeJob.fromYaml(job, java.util.List.of("node"), yaml)
            .withContext(
                com.google.protobuf.Struct.newBuilder()
                    .putFields(
                        "forgejo_default_actions_url",
                        com.google.protobuf.Value.newBuilder().setStringValue(git.url()).build())
                    .build()));
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > before), WAIT);
    long id = server.tasks().stream().filter(t -> t.id() > before).findFirst().orElseThrow().id();
    TaskView done = server.awaitTaskDone(id, WAIT);
    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    return done;
  }
}
