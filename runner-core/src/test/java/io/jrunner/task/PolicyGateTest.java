// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.jrunner.config.PolicySection;
import io.jrunner.policy.TaskFacts;
import io.jrunner.proto.runner.v1.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyGateTest {
  private static final PolicySection PROD =
      new PolicySection(
          Optional.of("prod"),
          List.of("refs/heads/main"),
          true,
          List.of("pull_request"),
          List.of(),
          List.of(),
          false,
          false,
          false);

  private static Task task(String ref, Value refProtected) {
    Struct.Builder context =
        Struct.newBuilder()
            .putFields("ref", Value.newBuilder().setStringValue(ref).build())
            .putFields("event_name", Value.newBuilder().setStringValue("push").build())
            .putFields("repository", Value.newBuilder().setStringValue("jr/demo").build());
    if (refProtected != null) {
      context.putFields("ref_protected", refProtected);
    }
    return Task.newBuilder().setId(7).setContext(context).build();
  }

  @Test
  void factsReadRefProtectedAsBoolOrStringAndTellWhenItIsMissing() {
    assertThat(
            PolicyGate.facts(
                task("refs/heads/main", Value.newBuilder().setBoolValue(true).build())))
        .isEqualTo(new TaskFacts("refs/heads/main", Optional.of(true), "push", "jr/demo"));
    assertThat(
            PolicyGate.facts(
                    task("refs/heads/main", Value.newBuilder().setStringValue("false").build()))
                .refProtected())
        .contains(false);
    assertThat(PolicyGate.facts(task("refs/heads/main", null)).refProtected()).isEmpty();
  }

  @Test
  void aRefusalIsOneErrorLineNamingRuleValueAndKey() {
    List<String> log = new ArrayList<>();
    boolean refused =
        new PolicyGate(PROD)
            .refusesTask(
                task("refs/heads/feature/x", Value.newBuilder().setBoolValue(true).build()),
                log::add);

    assertThat(refused).isTrue();
    assertThat(log)
        .containsExactly(
            "Error: refused by this runner's policy (profile prod), rule refs.allowed: ref"
                + " refs/heads/feature/x matches none of [refs/heads/main]. Nothing of the task"
                + " ran. To change this, the runner's administrator edits"
                + " profiles.prod.policy.refs.allowed in its config.yaml.");
  }

  @Test
  void withoutRefProtectedTheJobLogWarnsAndTheAllowListDecides() {
    PolicyGate gate = new PolicyGate(PROD);
    List<String> log = new ArrayList<>();

    assertThat(gate.refusesTask(task("refs/heads/main", null), log::add)).isFalse();
    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("Warning: the server sends no ref_protected")
        .endsWith("checks refs against profiles.prod.policy.refs.allowed alone");
  }

  @Test
  void withoutAProfileNothingIsChecked() {
    List<String> log = new ArrayList<>();
    assertThat(PolicyGate.open().refusesTask(task("", null), log::add)).isFalse();
    assertThat(log).isEmpty();
  }
}
