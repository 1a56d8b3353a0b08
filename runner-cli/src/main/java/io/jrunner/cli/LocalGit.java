// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What {@code jrunner exec} learns from the git repository around the working directory, as act
 * does: the commit, the ref and the repository's name from its {@code origin} remote.
 *
 * @param sha the commit HEAD points at
 * @param ref the full ref ({@code refs/heads/x}), or the sha when HEAD is detached
 * @param repository {@code owner/name} from the origin URL, if there is one
 */
record LocalGit(String sha, String ref, Optional<String> repository) {
  /** Empty when {@code directory} is not inside a git work tree with at least one commit. */
  static Optional<LocalGit> of(Path directory) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repo = builder.build()) {
      ObjectId head = repo.resolve("HEAD");
      if (head == null) {
        return Optional.empty();
      }
      Ref ref = repo.exactRef("HEAD");
      String full = ref != null && ref.isSymbolic() ? ref.getTarget().getName() : head.getName();
      String url = repo.getConfig().getString("remote", "origin", "url");
      return Optional.of(
          new LocalGit(
              head.getName(), full, Optional.ofNullable(url).flatMap(LocalGit::ownerAndName)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code owner/name} of {@code https://host/owner/name.git} or {@code git@host:owner/name}. */
  static Optional<String> ownerAndName(String url) {
    String path = url.replaceFirst("^[a-z+]+://[^/]+/", "").replaceFirst("^[^@/]+@[^:]+:", "");
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] parts = path.split("/");
    return parts.length >= 2
        ? Optional.of(parts[parts.length - 2] + "/" + parts[parts.length - 1])
        : Optional.empty();
  }
}
