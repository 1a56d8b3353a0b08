// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import java.util.Objects;

/**
 * Why the policy refused a task: the rule, the value seen in the task and the config key that would
 * change the outcome. Never holds a secret (refs, events, repositories, images and paths only).
 * Immutable.
 *
 * @param rule the rule, e.g. {@code refs.allowed}, {@code events}, {@code docker_socket}
 * @param seen the task's value the rule refused, e.g. {@code refs/heads/feature/x}
 * @param key the config key to change, e.g. {@code profiles.prod.policy.refs.allowed}
 * @param why one sentence: what was seen and what the rule wants
 */
public record Refusal(String rule, String seen, String key, String why) {
  public Refusal {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(why, "why");
  }
}
