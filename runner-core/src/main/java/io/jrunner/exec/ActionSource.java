// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Brings remote actions onto the runner's machine.
 *
 * <p>Threading: thread-safe; concurrent jobs may fetch the same action at once (one download).
 */
public interface ActionSource {
  /**
   * A checked-out action repository.
   *
   * @param dir a directory holding the repository's files at {@code commit} (no {@code .git});
   *     read-only for callers, shared between jobs
   * @param commit the resolved commit id
   */
  record Fetched(Path dir, String commit) {}

  /**
   * Resolves {@code ref.ref()} to a commit and returns the repository's files at it, downloading
   * them when they are not cached yet.
   *
   * @param token a token to authenticate with when the repository is on the Forgejo instance that
   *     sent the task; never logged
   * @param log receives progress lines for the job log
   * @throws BackendException when the repository or the ref cannot be found or downloaded (the
   *     message names the URL and the ref)
   */
  Fetched fetch(ActionRef.Remote ref, Optional<String> token, LineSink log)
      throws BackendException, InterruptedException;

  /**
   * The Forgejo instance whose repositories this source fetches with the task's token, if it knows
   * one (reusable workflows without a host are fetched from it).
   */
  default Optional<String> instanceUrl() {
    return Optional.empty();
  }

  /** A source that fetches nothing: every remote action fails with {@code reason}. */
  static ActionSource unavailable(String reason) {
    return (ref, token, log) -> {
      throw new BackendException("cannot fetch " + ref.uses() + ": " + reason);
    };
  }
}
