// SPDX-License-Identifier: Apache-2.0
package io.jrunner.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What the policy looks at in a task, from its {@code github} context (protocol.md §4.6). Values
 * are as the server sent them; empty when absent.
 *
 * @param ref the full ref ({@code refs/heads/main}, {@code refs/pull/3/head})
 * @param refProtected {@code ref_protected}; empty when the server did not send it (older servers)
 * @param event {@code event_name}
 * @param repository {@code owner/name}
 */
public record TaskFacts(
    String ref, Optional<Boolean> refProtected, String event, String repository) {
  public TaskFacts {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(refProtected, "refProtected");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(repository, "repository");
  }
}
