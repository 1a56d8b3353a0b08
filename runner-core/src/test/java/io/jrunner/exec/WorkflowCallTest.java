// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Value;
import io.jrunner.host.HostBackend;
import io.jrunner.model.Job;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import io.jrunner.model.WorkflowRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WorkflowCall} with workflow files from a map and jobs run as real processes on this
 * machine ({@link HostBackend}).
 */
class WorkflowCallTest {
  @TempDir Path work;
  final Map<String, String> files = new HashMap<>();
  final List<String> log = new CopyOnWriteArrayList<>();
  final List<String> masked = new CopyOnWriteArrayList<>();

  private final WorkflowSource source =
      (ref, sink) -> {
        String key = ref instanceof WorkflowRef.Local l ? l.path() : ref.uses();
        String yaml = files.get(key);
        if (yaml == null) {
          throw new WorkflowCallException("cannot read " + ref.uses() + ": no such file");
        }
        return new WorkflowSource.Loaded(key, yaml);
      };

  private WorkflowCall.Outcome call(String caller) throws Exception {
    Workflow top = WorkflowParser.parse(caller).value();
    Job job = top.jobs().values().iterator().next();
    JobRunner runner = new JobRunner(new HostBackend(work, Map.of()), Clock.systemUTC());
    WorkflowCall call =
        new WorkflowCall(
            source,
            (w, j, ctx, name, cancel) -> {
              Map<String, String> outputs = new LinkedHashMap<>();
              Conclusion r =
                  runner.run(
                      new JobRequest(w, j, ctx, new JobSpec("r", 1, "", Map.of(), "/x", List.of())),
                      event -> {
                        if (event instanceof JobEvent.LogLine l) {
                          log.add(name + "| " + l.text());
                        } else if (event instanceof JobEvent.JobFinished f) {
                          outputs.putAll(f.outputs());
                        }
                      },
                      cancel);
              return new WorkflowCall.Outcome(r, outputs);
            },
            masked::add);
    Map<String, Value> contexts = new LinkedHashMap<>();
    contexts.put("github", new Value.Obj(Map.of("event_name", Value.of("push"))));
    contexts.put(
        "secrets",
        new Value.Obj(Map.of("TOP", Value.of("top-secret"), "GITHUB_TOKEN", Value.of("tok"))));
    contexts.put("vars", new Value.Obj(Map.of("V", Value.of("var-v"))));
    return call.call(
        job, contexts, job.id(), (err, line) -> log.add("caller| " + line), Cancellation.root());
  }

  static final String OUTER =
      """
      on:
        workflow_call:
          inputs:
            who: {type: string, required: true}
            flag: {type: boolean, default: false}
            count: {type: number, default: 3}
          secrets:
            token: {required: true}
          outputs:
            result:
              value: ${{ jobs.nested.outputs.deep }}-${{ jobs.first.result }}
      env:
        OWN: own-env
      jobs:
        first:
          runs-on: x
          outputs:
            greeting: ${{ steps.s.outputs.g }}
          steps:
            - id: s
              run: |
                [ "${{ inputs.who }}" = alice ] || exit 1
                [ "${{ inputs.flag }}" = true ] || exit 2
                [ "${{ inputs.count }}" = 3 ] || exit 3
                [ "${{ inputs.count == 3 && inputs.flag == true }}" = true ] || exit 4
                [ "${{ secrets.token }}" = mapped-top-secret ] || exit 5
                [ -z "${{ secrets.TOP }}" ] || exit 6
                [ "${{ secrets.GITHUB_TOKEN }}" = tok ] || exit 7
                [ "$OWN" = own-env ] && [ -z "$CALLER_ENV" ] || exit 8
                [ "${{ vars.V }}" = var-v ] || exit 9
                echo "g=hello-alice" >> "$GITHUB_OUTPUT"
        skipped:
          if: ${{ inputs.flag == false }}
          runs-on: x
          steps:
            - run: exit 1
        nested:
          needs: [first, skipped]
          if: ${{ !failure() }}
          uses: ./.forgejo/workflows/inner.yml
          with:
            value: ${{ needs.first.outputs.greeting }}
          secrets: inherit
      """;

  static final String INNER =
      """
      on:
        workflow_call:
          inputs:
            value: {type: string, required: true}
            legs: {type: string, default: '["a","b"]'}
          outputs:
            deep:
              value: ${{ jobs.leaf.outputs.v }}
      jobs:
        leaf:
          strategy:
            matrix:
              leg: ${{ fromJSON(inputs.legs) }}
          runs-on: x
          outputs:
            v: ${{ steps.o.outputs.v }}
          steps:
            - id: o
              run: |
                [ "${{ secrets.token }}" = mapped-top-secret ] || exit 1
                echo "v=${{ inputs.value }}-${{ matrix.leg }}" >> "$GITHUB_OUTPUT"
      """;

  static final String CALLER =
      """
      on: push
      env:
        CALLER_ENV: must-not-pass
      jobs:
        call:
          uses: ./.forgejo/workflows/outer.yml
          with:
            who: alice
            flag: ${{ vars.V == 'var-v' }}
          secrets:
            token: mapped-${{ secrets.TOP }}
      """;

  @Test
  void typedInputsSecretsNestedCallsAndOutputs() throws Exception {
    files.put(".forgejo/workflows/outer.yml", OUTER);
    files.put(".forgejo/workflows/inner.yml", INNER);
    WorkflowCall.Outcome o = call(CALLER);
    assertThat(o.result()).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
    // the matrix legs ran in order; the last one's output wins, as with needs outputs
    assertThat(o.outputs()).containsEntry("result", "hello-alice-b-success");
    assertThat(masked).containsExactly("mapped-top-secret");
    assertThat(log).anyMatch(l -> l.contains("call/first is skipped") || l.contains("skipped"));
  }

  @Test
  void aMissingRequiredInputNamesTheCaller() throws Exception {
    files.put(".forgejo/workflows/outer.yml", OUTER);
    WorkflowCall.Outcome o =
        call(CALLER.replace("who: alice", "other: 1").replace("other: 1", "flag2: x"));
    assertThat(o.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(log)
        .anyMatch(
            l ->
                l.contains("jobs.call (./.forgejo/workflows/outer.yml)")
                    && l.contains("with.flag2 is not an input"));
    log.clear();
    o = call(CALLER.replace("      who: alice\n", ""));
    assertThat(log).anyMatch(l -> l.contains("requires input 'who'"));
  }

  @Test
  void wrongTypesAndSecretsAreErrors() throws Exception {
    files.put(".forgejo/workflows/outer.yml", OUTER);
    assertThat(call(CALLER.replace("flag: ${{ vars.V == 'var-v' }}", "flag: yes")).result())
        .isEqualTo(Conclusion.FAILURE);
    assertThat(log).anyMatch(l -> l.contains("input 'flag' must be a boolean"));
    log.clear();
    call(CALLER.replace("token: mapped", "other: mapped"));
    assertThat(log).anyMatch(l -> l.contains("secrets.other is not a secret"));
    log.clear();
    call(CALLER.replace("secrets:\n      token: mapped-${{ secrets.TOP }}", "secrets: inherit"));
    assertThat(log).anyMatch(l -> l.contains("requires secret 'token'"));
  }

  @Test
  void aCycleAndTooDeepNestingAreErrors() throws Exception {
    files.put(
        ".forgejo/workflows/loop.yml",
        "on: workflow_call\njobs:\n  again:\n    uses: ./.forgejo/workflows/loop.yml\n");
    WorkflowCall.Outcome o =
        call("on: push\njobs:\n  call:\n    uses: ./.forgejo/workflows/loop.yml\n");
    assertThat(o.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(log)
        .anyMatch(
            l -> l.contains("cycle: .forgejo/workflows/loop.yml → .forgejo/workflows/loop.yml"));
    for (int i = 1; i <= 10; i++) {
      files.put(
          ".forgejo/workflows/l" + i + ".yml",
          "on: workflow_call\njobs:\n  down:\n    uses: ./.forgejo/workflows/l"
              + (i + 1)
              + ".yml\n");
    }
    files.put(
        ".forgejo/workflows/l11.yml",
        "on: workflow_call\njobs:\n  leaf:\n    runs-on: x\n    steps:\n      - run: true\n");
    log.clear();
    o = call("on: push\njobs:\n  call:\n    uses: ./.forgejo/workflows/l1.yml\n");
    assertThat(o.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(log).anyMatch(l -> l.contains("nest deeper than 10 levels"));
    // nine called levels under the caller are allowed
    files.put(
        ".forgejo/workflows/l9.yml",
        "on: workflow_call\njobs:\n  leaf:\n    runs-on: x\n    steps:\n      - run: true\n");
    log.clear();
    o = call("on: push\njobs:\n  call:\n    uses: ./.forgejo/workflows/l1.yml\n");
    assertThat(o.result()).as(String.join("\n", log)).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void aWorkflowWithoutWorkflowCallIsRefused() throws Exception {
    files.put(
        ".forgejo/workflows/x.yml",
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: true\n");
    assertThat(call("on: push\njobs:\n  call:\n    uses: ./.forgejo/workflows/x.yml\n").result())
        .isEqualTo(Conclusion.FAILURE);
    assertThat(log).anyMatch(l -> l.contains("not a reusable workflow"));
  }
}
