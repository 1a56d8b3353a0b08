// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.config.PolicySection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskPolicyTest {
  private static final PolicySection PROD =
      new PolicySection(
          Optional.of("prod"),
          List.of("refs/heads/main", "refs/tags/v*"),
          true,
          List.of("pull_request", "pull_request_target"),
          List.of("team/*", "ops/deploy"),
          List.of(),
          false,
          false,
          false);

  private final TaskPolicy prod = new TaskPolicy(PROD);

  private static TaskFacts push(String ref, Boolean refProtected) {
    return new TaskFacts(ref, Optional.ofNullable(refProtected), "push", "team/app");
  }

  @Test
  void aProtectedAllowedRefRuns() {
    assertThat(prod.check(push("refs/heads/main", true))).isEmpty();
    assertThat(prod.check(push("refs/tags/v1.2.0", true))).isEmpty();
  }

  @Test
  void aFeatureBranchIsRefusedByTheAllowList() {
    assertThat(prod.check(push("refs/heads/feature/untrusted", true)))
        .contains(
            new Refusal(
                "refs.allowed",
                "refs/heads/feature/untrusted",
                "profiles.prod.policy.refs.allowed",
                "ref refs/heads/feature/untrusted matches none of [refs/heads/main,"
                    + " refs/tags/v*]"));
    // * stops at /: a tag v1/x is not v*
    assertThat(prod.check(push("refs/tags/v1/evil", true))).isPresent();
    assertThat(prod.check(push("refs/heads/mainline", true))).isPresent();
  }

  @Test
  void anUnprotectedMainIsRefused() {
    Refusal r = prod.check(push("refs/heads/main", false)).orElseThrow();

    assertThat(r.rule()).isEqualTo("refs.require_protected");
    assertThat(r.seen()).isEqualTo("refs/heads/main (ref_protected: false)");
    assertThat(r.key()).isEqualTo("profiles.prod.policy.refs.require_protected");
    assertThat(r.why()).contains("is not protected on the server");
  }

  @Test
  void withoutRefProtectedTheAllowListDecidesAlone() {
    TaskFacts oldServer = push("refs/heads/main", null);
    assertThat(prod.degradedWithout(oldServer)).isTrue();
    assertThat(prod.check(oldServer)).isEmpty();
    assertThat(prod.check(push("refs/heads/feature/x", null)))
        .map(Refusal::rule)
        .contains("refs.allowed");

    TaskPolicy noList =
        new TaskPolicy(
            new PolicySection(
                Optional.of("prod"),
                List.of(),
                true,
                List.of(),
                List.of(),
                List.of(),
                true,
                true,
                true));
    assertThat(noList.check(oldServer))
        .map(Refusal::rule)
        .contains("refs.require_protected"); // nothing left to check: refused
    assertThat(noList.check(push("refs/heads/anything", true))).isEmpty();
    assertThat(prod.degradedWithout(push("refs/heads/main", true))).isFalse();
  }

  @Test
  void pullRequestEventsAreRefused() {
    for (String event : List.of("pull_request", "pull_request_target", "PULL_REQUEST")) {
      assertThat(prod.check(new TaskFacts("refs/heads/main", Optional.of(true), event, "team/app")))
          .as(event)
          .map(Refusal::key)
          .contains("profiles.prod.policy.events.refused");
    }
  }

  @Test
  void onlyListedRepositoriesAndOwnersAreServed() {
    assertThat(
            prod.check(new TaskFacts("refs/heads/main", Optional.of(true), "push", "ops/deploy")))
        .isEmpty();
    Refusal r =
        prod.check(new TaskFacts("refs/heads/main", Optional.of(true), "push", "mallory/app"))
            .orElseThrow();
    assertThat(r.rule()).isEqualTo("repositories");
    assertThat(r.why()).isEqualTo("repository mallory/app matches none of [team/*, ops/deploy]");
  }

  @Test
  void theOpenPolicyAcceptsEverything() {
    TaskPolicy open = new TaskPolicy(PolicySection.open());
    assertThat(open.check(new TaskFacts("", Optional.empty(), "pull_request_target", "")))
        .isEmpty();
    assertThat(open.settings().keyOf("registries")).isEqualTo("policy.registries");
  }

  @Test
  void globsFollowValidVolumesRules() {
    assertThat(Glob.matches("refs/tags/v*", "refs/tags/v1.0")).isTrue();
    assertThat(Glob.matches("refs/tags/v*", "refs/tags/v1/x")).isFalse();
    assertThat(Glob.matches("refs/heads/**", "refs/heads/a/b")).isTrue();
    assertThat(Glob.matches("v?", "v1")).isTrue();
    assertThat(Glob.matches("a.b", "axb")).isFalse();
  }
}
