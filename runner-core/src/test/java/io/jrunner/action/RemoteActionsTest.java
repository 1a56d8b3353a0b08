// SPDX-License-Identifier: Apache-2.0
package io.jrunner.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.ActionOrigin;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.expr.Value;
import io.jrunner.host.HostBackend;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import io.jrunner.testkit.GitHttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions end to end on this machine's processes: repositories served over smart HTTP by {@code git
 * http-backend}, fetched with JGit into a cache, and run by the engine (node actions with pre, main
 * and post; composite actions, nested; local actions). Needs {@code git} and {@code node}.
 */
class RemoteActionsTest {
  static final String NODE_ACTION =
      """
      name: greet
      inputs:
        who: {required: true}
        greeting: {default: 'hello ${{ github.repository }}'}
      outputs:
        said: {description: what it said}
      runs:
        using: node20
        pre: pre.js
        main: main.js
        post: post.js
      """;
  static final String PRE_JS =
      """
      const fs = require('fs');
      console.log('pre saw ' + process.env.INPUT_WHO);
      fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=p1\\n');
      """;
  static final String MAIN_JS =
      """
      const fs = require('fs');
      const said = process.env.INPUT_GREETING + ', ' + process.env.INPUT_WHO;
      console.log(said);
      console.log('state in main: ' + process.env.STATE_from_pre);
      console.log('action path ok: ' + fs.existsSync(process.env.GITHUB_ACTION_PATH + '/main.js'));
      fs.appendFileSync(process.env.GITHUB_OUTPUT, 'said=' + said + '\\n');
      console.log('::set-output name=legacy::old style');
      console.log('::save-state name=from_main::m1');
      fs.appendFileSync(process.env.GITHUB_ENV, 'GREETED=' + process.env.INPUT_WHO + '\\n');
      """;
  static final String POST_JS =
      """
      console.log('post sees ' + process.env.STATE_from_pre + ' ' + process.env.STATE_from_main);
      """;

  @TempDir Path repos;
  @TempDir Path cache;
  @TempDir Path work;
  GitHttpServer git;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    git = GitHttpServer.start(repos);
  }

  @AfterEach
  void stop() {
    git.close();
  }

  private Conclusion run(String workflowYaml) throws Exception {
    Workflow workflow = WorkflowParser.parse(workflowYaml).value();
    var job = workflow.jobs().values().iterator().next();
    HostBackend backend = new HostBackend(work, Map.of("PATH", System.getenv("PATH")));
    JobRunner runner =
        new JobRunner(
            backend, Clock.systemUTC(), new GitActionSource(cache, Optional.of(git.url())));
    Map<String, Value> contexts =
        Map.of("github", new Value.Obj(Map.of("repository", Value.of("o/r"))));
    JobRequest request =
        new JobRequest(
            workflow,
            job,
            contexts,
            new JobSpec("r", 1, "", Map.of(), "/ignored", List.of()),
            new ActionOrigin(git.url(), Optional.of("task-token")));
    return runner.run(
        request,
        event -> {
          switch (event) {
            case JobEvent.LogLine l ->
                log.add((l.step().isPresent() ? l.step().getAsInt() + " " : "- ") + l.text());
            case JobEvent.StepFinished f -> log.add(f.index() + " => " + f.conclusion());
            default -> {}
          }
        },
        Cancellation.root());
  }

  @Test
  void nodeAction_inputsOutputsStateEnvPreAndPost() throws Exception {
    git.createRepository(
        "actions/greet",
        Map.of(
            "action.yml", NODE_ACTION,
            "pre.js", PRE_JS,
            "main.js", MAIN_JS,
            "post.js", POST_JS),
        "v1");

    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: g
                    uses: actions/greet@v1
                    with:
                      who: world
                  - run: |
                      [ "${{ steps.g.outputs.said }}" = "hello o/r, world" ]
                      [ "${{ steps.g.outputs.legacy }}" = "old style" ]
                      [ "$GREETED" = world ]
            """);

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .containsSubsequence(
            "- Fetching " + git.url() + "/actions/greet@v1",
            "- Pre Run actions/greet@v1",
            "- pre saw world",
            "0 hello o/r, world",
            "0 state in main: p1",
            "0 action path ok: true",
            "0 => SUCCESS",
            "1 => SUCCESS",
            "- Post Run actions/greet@v1",
            "- post sees p1 m1");
  }

  @Test
  void compositeAction_nestedActionsInputsOutputsAndFailure() throws Exception {
    git.createRepository(
        "actions/greet",
        Map.of(
            "action.yml", NODE_ACTION,
            "pre.js", PRE_JS,
            "main.js", MAIN_JS,
            "post.js", POST_JS),
        "v1");
    git.createRepository(
        "tools/suite",
        Map.of(
            "build/action.yml",
            """
            name: build
            inputs:
              target: {default: all}
            outputs:
              artifact:
                value: ${{ steps.b.outputs.file }}
              greeting:
                value: ${{ steps.hi.outputs.said }}
            runs:
              using: composite
              steps:
                - id: hi
                  uses: actions/greet@v1
                  with:
                    who: ${{ inputs.target }}
                - id: b
                  shell: sh
                  run: |
                    echo "building ${{ inputs.target }} in $GITHUB_ACTION_PATH"
                    [ -f "${{ github.action_path }}/action.yml" ]
                    echo "file=${{ inputs.target }}.tar" >> "$GITHUB_OUTPUT"
                - if: failure()
                  shell: sh
                  run: echo "not reached"
            """,
            "fail/action.yml",
            """
            name: fail
            runs:
              using: composite
              steps:
                - shell: sh
                  run: exit 4
                - shell: sh
                  run: echo "skipped after failure"
                - if: failure()
                  shell: sh
                  run: echo "cleanup in composite"
            """),
        "v2");

    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - id: b
                    uses: tools/suite/build@v2
                    with:
                      target: linux
                  - run: |
                      [ "${{ steps.b.outputs.artifact }}" = linux.tar ]
                      [ "${{ steps.b.outputs.greeting }}" = "hello o/r, linux" ]
                  - id: f
                    uses: tools/suite/fail@v2
                    continue-on-error: true
                  - run: '[ "${{ steps.f.outcome }}" = failure ]'
            """);

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .contains("0 hello o/r, linux", "2 cleanup in composite", "2 => SUCCESS", "3 => SUCCESS")
        .doesNotContain("0 not reached", "2 skipped after failure")
        .anyMatch(l -> l.startsWith("0 building linux in "));
    // pre steps run only for the job's own steps; post steps run for nested actions too
    assertThat(log).contains("- post sees undefined m1");
  }

  @Test
  void localAction_fromTheWorkspace() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      mkdir -p .forgejo/actions/hello
                      printf 'name: hello\\ninputs:\\n  name: {default: you}\\nruns:\\n  using: composite\\n  steps:\\n    - shell: sh\\n      run: echo "hi \\044{{ inputs.name }}"\\n' \\
                        > .forgejo/actions/hello/action.yml
                  - uses: ./.forgejo/actions/hello
                    with:
                      name: local
                  - uses: ./not/there
            """);

    assertThat(result).isEqualTo(Conclusion.FAILURE);
    assertThat(log)
        .contains("1 hi local", "1 => SUCCESS", "2 => FAILURE")
        .anyMatch(l -> l.startsWith("2 Error: no action.yml or action.yaml in ./not/there"));
  }

  @Test
  void jobFiles_eventPayloadRunnerTempAndToolCacheExist() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      [ -f "$GITHUB_EVENT_PATH" ] && [ "$(cat "$GITHUB_EVENT_PATH")" = '{}' ]
                      [ -d "$RUNNER_TEMP" ] && touch "$RUNNER_TEMP/scratch"
                      mkdir -p "$RUNNER_TOOL_CACHE/python" && [ "$RUNNER_ARCH" = X64 ]
            """);

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void missingActionOrRef_failsTheJobAtSetUpWithTheReason() throws Exception {
    git.createRepository("actions/greet", Map.of("action.yml", NODE_ACTION), "v1");

    Conclusion noRepo =
        run(
            "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n"
                + "      - run: echo never\n      - uses: nobody/nothing@v1\n");
    assertThat(noRepo).isEqualTo(Conclusion.FAILURE);
    assertThat(log)
        .anyMatch(l -> l.startsWith("- Error: cannot fetch " + git.url() + "/nobody/nothing"))
        .anyMatch(l -> l.contains("does not exist, or it is private and the job's token cannot"))
        .noneMatch(l -> l.contains("Invalid remote"))
        .doesNotContain("0 never");

    log.clear();
    Conclusion noRef =
        run(
            "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n"
                + "      - uses: actions/greet@v9\n");
    assertThat(noRef).isEqualTo(Conclusion.FAILURE);
    assertThat(log)
        .contains(
            "- Error: cannot find v9 in "
                + git.url()
                + "/actions/greet (no such branch, tag or commit)");
  }

  @Test
  void cache_aPinnedCommitIsFetchedOnce_andATagStillWorksWhenTheForgeIsDown() throws Exception {
    String commit =
        git.createRepository(
            "actions/greet",
            Map.of(
                "action.yml", NODE_ACTION,
                "pre.js", PRE_JS,
                "main.js", MAIN_JS,
                "post.js", POST_JS),
            "v1");
    String byCommit =
        "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n"
            + "      - uses: actions/greet@"
            + commit
            + "\n        with: {who: cached}\n";
    assertThat(run(byCommit)).isEqualTo(Conclusion.SUCCESS);
    int requests = git.requests().size();

    assertThat(run(byCommit)).isEqualTo(Conclusion.SUCCESS);
    assertThat(git.requests()).hasSize(requests);

    run(
        "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/greet@v1\n"
            + "        with: {who: warm}\n");
    git.close();
    log.clear();
    Conclusion offline =
        run(
            "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/greet@v1\n"
                + "        with: {who: offline}\n");

    assertThat(offline).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .anyMatch(l -> l.startsWith("- Warning: cannot update " + git.url() + "/actions/greet"))
        .contains("0 hello o/r, offline");
  }

  @Test
  void instanceRepositories_areFetchedWithTheTaskToken() throws Exception {
    git.createRepository(
        "actions/greet",
        Map.of(
            "action.yml", NODE_ACTION,
            "pre.js", PRE_JS,
            "main.js", MAIN_JS,
            "post.js", POST_JS),
        "v1");
    git.requirePassword("task-token");

    Conclusion result =
        run(
            "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/greet@v1\n"
                + "        with: {who: private}\n");

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
  }
}
