// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Value;
import io.jrunner.host.HostBackend;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ::set-env::} and {@code ::add-path::} under actions/runner's opt-in rule. */
class UnsecureCommandsTest {
  @TempDir Path work;
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<JobEvent.StepFinished> steps = new CopyOnWriteArrayList<>();

  private Conclusion run(String yaml) throws Exception {
    Workflow workflow = WorkflowParser.parse(yaml).value();
    JobRunner runner =
        new JobRunner(
            new HostBackend(work, Map.of("PATH", System.getenv("PATH"))), Clock.systemUTC());
    JobRequest request =
        new JobRequest(
            workflow,
            workflow.jobs().values().iterator().next(),
            Map.of("github", new Value.Obj(Map.of("event_name", Value.of("push")))),
            new JobSpec("r", 1, "", Map.of(), "/ignored", List.of()));
    return runner.run(
        request,
        event -> {
          if (event instanceof JobEvent.LogLine l) {
            log.add(l.text());
          } else if (event instanceof JobEvent.StepFinished f) {
            steps.add(f);
          }
        },
        Cancellation.root());
  }

  @Test
  void withoutTheOptIn_setEnvIsGitHubsErrorAndFailsTheStep() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo '::set-env name=LEAK::yes'
                  - if: always()
                    run: '[ -z "$LEAK" ]'
            """);

    assertThat(result).isEqualTo(Conclusion.FAILURE);
    assertThat(steps.get(0).conclusion()).isEqualTo(Conclusion.FAILURE);
    assertThat(steps.get(1).conclusion()).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .containsSubsequence(
            "::set-env name=LEAK::yes",
            "##[error]Unable to process command '::set-env name=LEAK::yes' successfully.",
            "##[error]The `set-env` command is disabled. Please upgrade to using Environment Files"
                + " or opt into unsecure command execution by setting the"
                + " `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more"
                + " information see:"
                + " https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/");
  }

  @Test
  void withoutTheOptIn_addPathFails() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo '::add-path::/opt/nowhere'
            """);

    assertThat(result).isEqualTo(Conclusion.FAILURE);
    assertThat(log).anyMatch(l -> l.startsWith("##[error]The `add-path` command is disabled."));
  }

  @Test
  void withTheOptIn_laterStepsSeeTheVariableAndThePath() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            env:
              ACTIONS_ALLOW_UNSECURE_COMMANDS: ' True '
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      echo '::set-env name=GREETING::hello%0Aworld'
                      echo '::add-path::/opt/first'
                      echo '::add-path::/opt/second'
                      [ -z "$GREETING" ]
                  - run: |
                      [ "$GREETING" = "$(printf 'hello\\nworld')" ] || exit 1
                      case "$PATH" in /opt/second:/opt/first:*) ;; *) exit 1 ;; esac
                  - run: echo '::set-env name=NODE_OPTIONS::--inspect'
                  - run: '[ -z "$NODE_OPTIONS" ]'
            """);

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .contains(
            "##[error]Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
  }

  @Test
  void onlyTrueOptsIn() {
    assertThat(
            new UnsecureCommands(Map.of("ACTIONS_ALLOW_UNSECURE_COMMANDS", "1")).addPath("l", "/x"))
        .hasSize(2);
    UnsecureCommands yes = new UnsecureCommands(Map.of("ACTIONS_ALLOW_UNSECURE_COMMANDS", "TRUE"));
    assertThat(yes.addPath("l", "/x")).isEmpty();
    assertThat(yes.failed()).isFalse();
    assertThat(yes.path()).containsExactly("/x");
  }
}
