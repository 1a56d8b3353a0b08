// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.util.Optional;

/**
 * The write-isolation key of a run (forgejo-runner's {@code getWriteIsolationKey}): a {@code
 * pull_request} run writes entries that only runs of the same pull request read, so a pull request
 * cannot poison the cache of other events. Stateless.
 */
public final class WriteIsolation {
  private WriteIsolation() {}

  /**
   * The key: empty for every event but {@code pull_request}, and for a closed and merged pull
   * request; otherwise the ref, which must start with {@code refs/pull/}.
   *
   * @param action the event's {@code action}
   * @param merged the event's {@code pull_request.merged}, if present
   * @throws IllegalArgumentException when a pull request's ref is not {@code refs/pull/…}
   */
  public static String key(String eventName, String ref, String action, Optional<Boolean> merged) {
    if (!eventName.equals("pull_request")) {
      return "";
    }
    if (action.equals("closed") && merged.orElse(false)) {
      return "";
    }
    if (!ref.startsWith("refs/pull/")) {
      throw new IllegalArgumentException(
          "expected the ref of a pull_request to be refs/pull/..., but it was \"" + ref + "\"");
    }
    return ref;
  }
}
