// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Docker actions on the real engine: an action whose Dockerfile (FROM the local busybox image) is
 * built for the job, with inputs, args, env, outputs through the shared command files, the
 * workspace shared with the job container, and a post-entrypoint; {@code docker://} steps with
 * {@code args}; and nothing left afterwards (containers, networks, volumes, built images).
 */
class DockerActionsIT {
  static final String IMAGE = "runner-test/busybox:latest";

  private final DockerClient docker =
      DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(2));
  private final String runnerId = "it-actions-" + UUID.randomUUID();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    new Reaper(docker).sweep(runnerId);
    docker.close();
  }

  private Conclusion run(String yaml) throws Exception {
    Workflow workflow = WorkflowParser.parse(yaml).value();
    JobRunner runner =
        new JobRunner(new DockerBackend(docker, DockerSettings.defaults()), Clock.systemUTC());
    return runner.run(
        new JobRequest(
            workflow,
            workflow.jobs().values().iterator().next(),
            Map.of(),
            new JobSpec(runnerId, 3, IMAGE, Map.of(), "/workspace/o/r", List.of())),
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
  void dockerfileAction_andDockerImageSteps_shareTheWorkspaceAndLeaveNothing() throws Exception {
    int imagesBefore = actionImages();

    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      mkdir -p act && cd act
                      printf 'FROM runner-test/busybox:latest\\nCOPY entry.sh post.sh /\\nENTRYPOINT ["/entry.sh"]\\n' > Dockerfile
                      printf '#!/bin/sh\\necho "args: $*"\\necho "input: $INPUT_WHO, env: $GREETING"\\nls "$GITHUB_WORKSPACE/marker"\\necho "said=hi $INPUT_WHO" >> "$GITHUB_OUTPUT"\\necho "FROM_ACTION=yes" >> "$GITHUB_ENV"\\n' > entry.sh
                      printf '#!/bin/sh\\necho "post of the docker action"\\n' > post.sh
                      chmod +x entry.sh post.sh
                      printf 'name: d\\ninputs:\\n  who: {default: x}\\nruns:\\n  using: docker\\n  image: Dockerfile\\n  args: ["--who", "\\044{{ inputs.who }}"]\\n  env:\\n    GREETING: hello\\n  post-entrypoint: /post.sh\\n' > action.yml
                      touch ../marker
                  - id: d
                    uses: ./act
                    with:
                      who: docker
                  - run: |
                      [ "${{ steps.d.outputs.said }}" = "hi docker" ]
                      [ "$FROM_ACTION" = yes ]
                  - uses: docker://runner-test/busybox:latest
                    with:
                      entrypoint: /bin/sh
                      args: -c "echo from an image step; test -f marker"
            """);

    assertThat(result).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    assertThat(log)
        .contains(
            "1 args: --who docker",
            "1 input: docker, env: hello",
            "3 from an image step",
            "- post of the docker action");
    assertThat(actionImages()).isEqualTo(imagesBefore);
    assertThat(
            docker
                .listVolumesCmd()
                .withFilter("label", ResourceLabels.runnerFilter(runnerId))
                .exec()
                .getVolumes())
        .isNullOrEmpty();
    assertThat(
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
                .exec())
        .isEmpty();
  }

  @Test
  void aFailingActionContainer_failsTheStepWithItsExitCode() throws Exception {
    Conclusion result =
        run(
            """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: docker://runner-test/busybox:latest
                    with:
                      args: sh -c "echo failing; exit 3"
            """);

    assertThat(result).isEqualTo(Conclusion.FAILURE);
    assertThat(log).contains("0 failing", "0 Process completed with exit code 3.", "0 => FAILURE");
  }

  private int actionImages() {
    return (int)
        docker.listImagesCmd().exec().stream()
            .filter(
                i ->
                    i.getRepoTags() != null
                        && List.of(i.getRepoTags()).stream()
                            .anyMatch(t -> t.startsWith("jrunner-action-")))
            .count();
  }
}
