// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import io.jrunner.config.PolicySection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The task rules of a profile's {@code policy:}: which refs, events and repositories a runner takes
 * (docs/configuration.md, "Profiles"). What a job may get from the host (socket, privileged, host
 * volumes, options, registries) is checked by the execution backend with the same settings. Pure;
 * immutable and thread-safe.
 */
public final class TaskPolicy {
  private final PolicySection policy;

  public TaskPolicy(PolicySection policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The policy's settings. */
  public PolicySection settings() {
    return policy;
  }

  /**
   * Whether, for a server that sends no {@code ref_protected}, the policy falls back on its ref
   * allow-list alone (the caller warns once).
   */
  public boolean degradedWithout(TaskFacts facts) {
    return policy.requireProtected() && facts.refProtected().isEmpty();
  }

  /**
   * Checks the task rules in order: repository, event, protected ref, ref allow-list.
   *
   * @return the first rule that refuses the task; empty when it may run
   */
  public Optional<Refusal> check(TaskFacts facts) {
    if (!policy.repositories().isEmpty()
        && policy.repositories().stream().noneMatch(g -> Glob.matches(g, facts.repository()))) {
      return Optional.of(
          new Refusal(
              "repositories",
              facts.repository(),
              policy.keyOf("repositories"),
              "repository "
                  + shown(facts.repository())
                  + " matches none of "
                  + policy.repositories()));
    }
    String event = facts.event().toLowerCase(Locale.ROOT);
    if (policy.refusedEvents().contains(event)) {
      return Optional.of(
          new Refusal(
              "events",
              facts.event(),
              policy.keyOf("events.refused"),
              "event " + shown(facts.event()) + " is refused " + policy.refusedEvents()));
    }
    if (policy.requireProtected()) {
      Optional<Refusal> protectedRule = checkProtected(facts);
      if (protectedRule.isPresent()) {
        return protectedRule;
      }
    }
    List<String> allowed = policy.allowedRefs();
    if (!allowed.isEmpty() && allowed.stream().noneMatch(g -> Glob.matches(g, facts.ref()))) {
      return Optional.of(
          new Refusal(
              "refs.allowed",
              facts.ref(),
              policy.keyOf("refs.allowed"),
              "ref " + shown(facts.ref()) + " matches none of " + allowed));
    }
    return Optional.empty();
  }

  private Optional<Refusal> checkProtected(TaskFacts facts) {
    if (facts.refProtected().isEmpty()) {
      if (policy.allowedRefs().isEmpty()) {
        // Without the server's word and without an allow-list nothing would be left to check.
        return Optional.of(
            new Refusal(
                "refs.require_protected",
                facts.ref(),
                policy.keyOf("refs.allowed"),
                "the server did not say whether ref "
                    + shown(facts.ref())
                    + " is protected (no ref_protected: an older Forgejo or Gitea),"
                    + " and refs.allowed is empty"));
      }
      return Optional.empty();
    }
    if (!facts.refProtected().get()) {
      return Optional.of(
          new Refusal(
              "refs.require_protected",
              facts.ref() + " (ref_protected: false)",
              policy.keyOf("refs.require_protected"),
              "ref "
                  + shown(facts.ref())
                  + " is not protected on the server (ref_protected: false); protect the branch"
                  + " or tag in the repository's settings"));
    }
    return Optional.empty();
  }

  private static String shown(String value) {
    return value.isEmpty() ? "(none)" : value;
  }
}
