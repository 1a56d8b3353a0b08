// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.io.IOException;
import java.util.List;

/**
 * What {@code hashFiles(...)} calls: the engine provides it because the workspace may live in a
 * container. {@link HashFiles} implements GitHub's algorithm over any {@link WorkspaceFiles}.
 * Implementations may block on I/O; they are called on the evaluating thread.
 */
@FunctionalInterface
public interface FileHasher {
  /** For contexts with no workspace: every call fails with a clear message. */
  FileHasher UNAVAILABLE =
      patterns -> {
        throw new IOException("hashFiles is not available here: there is no workspace");
      };

  /**
   * The hex SHA-256 of the files matching {@code patterns}, or {@code ""} when none match.
   *
   * @throws IOException when the files cannot be listed or read; evaluation then fails
   */
  String hashFiles(List<String> patterns) throws IOException;
}
