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

/**
 * Engine semantics found by the workflow suite ({@code runner-cli/src/test/resources/suite}), run
 * on this machine's processes.
 */
class JobRunnerSemanticsTest {
  @TempDir Path work;
  final List<String> log = new CopyOnWriteArrayList<>();

  private Conclusion run(String yaml, Map<String, String> runnerEnv, Cancellation cancel)
      throws Exception {
    Workflow workflow = WorkflowParser.parse(yaml).value();
    JobRunner runner = new JobRunner(new HostBackend(work, runnerEnv), Clock.systemUTC());
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
          }
        },
        cancel);
  }

  @Test
  void variablesWhoseNamesAreNotIdentifiers_stillReachTheStep() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - env:
                      MY-SETTING: dashed
                    run: env | grep -qx 'MY-SETTING=dashed'
                  - run: '[ -f "$GITHUB_OUTPUT" ] && echo plain-ok'
            """,
            Map.of("PATH", System.getenv("PATH")),
            Cancellation.root());

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log).contains("plain-ok");
  }

  @Test
  void envValuesOfOneMappingSeeTheLayersBelowIt_notEachOther() throws Exception {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      keys.append("          K").append(i).append(": ${{ env.LAYER }}\n");
    }
    Conclusion result =
        run(
            """
            on: push
            env:
              LAYER: workflow
            jobs:
              j:
                runs-on: x
                env:
                  LAYER: job
                steps:
                  - env:
                      LAYER: step
            %s        run: env | grep '^K[0-9]*=' | sort -u | tr '\\n' ' '
            """
                .formatted(keys),
            Map.of("PATH", System.getenv("PATH")),
            Cancellation.root());

    assertThat(result).isEqualTo(Conclusion.SUCCESS);
    assertThat(log).anyMatch(l -> l.contains("K0=job") && l.contains("K19=job"));
    assertThat(log).noneMatch(l -> l.contains("=step"));
  }

  @Test
  void jobTimeout_cancelsTheJobOnly_notTheCallersLifetime() throws Exception {
    Cancellation caller = Cancellation.root();

    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                timeout-minutes: 0.01
                steps:
                  - run: sleep 30
            """,
            Map.of("PATH", System.getenv("PATH")),
            caller);

    assertThat(result).isEqualTo(Conclusion.CANCELLED);
    assertThat(caller.isCancelled()).isFalse();
    assertThat(log).noneMatch(l -> l.contains("The step timed out"));
  }

  @Test
  void stepTimeout_fromAnExpression_isReportedWithItsValue() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - timeout-minutes: ${{ fromJSON('0.005') }}
                    run: sleep 30
            """,
            Map.of("PATH", System.getenv("PATH")),
            Cancellation.root());

    assertThat(result).isEqualTo(Conclusion.FAILURE);
    assertThat(log).contains("The step timed out after 0.005 minute(s).");
  }

  @Test
  void githubPath_isPutBeforeTheEnvironmentsOwnPath() throws Exception {
    Path bin = work.resolve("own-bin");
    java.nio.file.Files.createDirectories(bin);
    Path tool = bin.resolve("own-tool");
    java.nio.file.Files.writeString(tool, "#!/bin/sh\necho own-tool-ran\n");
    assertThat(tool.toFile().setExecutable(true)).isTrue();

    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo /added >> "$GITHUB_PATH"
                  - run: echo "path=$PATH" && own-tool
                  - env:
                      PATH: /step-path:%s
                    run: echo "step-path=$PATH"
            """
                .formatted(System.getenv("PATH")),
            Map.of("PATH", bin + ":" + System.getenv("PATH")),
            Cancellation.root());

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .contains("path=/added:" + bin + ":" + System.getenv("PATH"), "own-tool-ran")
        .contains("step-path=/added:/step-path:" + System.getenv("PATH"));
  }

  @Test
  void containerEnv_isTheJobEnvironmentsEnv_withExpressionsEvaluated() throws Exception {
    Workflow workflow =
        WorkflowParser.parse(
                """
                on: push
                jobs:
                  j:
                    runs-on: x
                    container:
                      image: some/image
                      env:
                        PLAIN: plain
                        EVENT: on-${{ github.event_name }}
                    steps:
                      - run: 'true'
                """)
            .value();
    JobSpec spec =
        JobContainers.apply(
            new JobSpec("r", 1, "some/image", Map.of("FROM_RUNNER", "1"), "/w", List.of()),
            workflow.jobs().get("j"),
            Map.of("github", new Value.Obj(Map.of("event_name", Value.of("push")))));

    assertThat(spec.env())
        .isEqualTo(Map.of("FROM_RUNNER", "1", "PLAIN", "plain", "EVENT", "on-push"));
  }
}
