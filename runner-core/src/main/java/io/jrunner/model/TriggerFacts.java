// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an event looks like to the {@code on:} filters of a workflow: {@link TriggerFilter}'s input.
 * Immutable.
 *
 * @param event the event name ({@code push}, {@code pull_request}, …)
 * @param refs the full refs the event is about ({@code refs/heads/x}, {@code refs/tags/v1}); a
 *     local run offers the current branch and every tag at HEAD, and the workflow runs when one of
 *     them passes
 * @param baseBranch the base branch of a pull request (short or full name), if known
 * @param changedFiles the paths (relative, {@code /}-separated) the event changes
 * @param action the payload's {@code action} (activity type), if any
 */
public record TriggerFacts(
    String event,
    List<String> refs,
    Optional<String> baseBranch,
    List<String> changedFiles,
    Optional<String> action) {
  public TriggerFacts {
    Objects.requireNonNull(event, "event");
    refs = List.copyOf(refs);
    Objects.requireNonNull(baseBranch, "baseBranch");
    changedFiles = List.copyOf(changedFiles);
    Objects.requireNonNull(action, "action");
  }
}
