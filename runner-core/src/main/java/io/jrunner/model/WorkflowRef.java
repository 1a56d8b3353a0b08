// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job's {@code uses:} names: a reusable workflow in the caller's own repository ({@link
 * Local}) or in another repository ({@link Remote}), with the forms forgejo-runner accepts ({@code
 * act/model/reusable.go}). Immutable.
 */
public sealed interface WorkflowRef {
  /** The reference as written. */
  String uses();

  /**
   * {@code ./path/to/file.yml}: a file of the caller's repository at the caller's commit.
   *
   * @param path the path inside the repository, without the leading {@code ./}
   */
  record Local(String uses, String path) implements WorkflowRef {}

  /**
   * {@code owner/repo/.forgejo/workflows/file.yml@ref}, or the same after {@code https://host/}.
   *
   * @param baseUrl {@code scheme://host} when the reference names one; empty means the Forgejo
   *     instance that runs the workflow
   * @param repository {@code owner/repo}
   * @param path the file inside the repository ({@code .forgejo/workflows/file.yml})
   * @param ref the branch, tag or commit
   */
  record Remote(String uses, Optional<String> baseUrl, String repository, String path, String ref)
      implements WorkflowRef {}

  /** forgejo-runner's pattern of a remote reference, after any scheme and host. */
  Pattern REMOTE = Pattern.compile("^([^/]+)/([^/]+)/\\.([^/]+)/workflows/([^@]+)@(.+)$");

  /**
   * Parses a {@code jobs.<id>.uses} value.
   *
   * @throws IllegalArgumentException with a readable message for anything else
   */
  static WorkflowRef parse(String uses) {
    String u = uses.strip();
    if (u.startsWith("./")) {
      String path = u.substring(2);
      if (!path.matches(".*\\.ya?ml") || path.contains("@") || path.contains("..")) {
        throw new IllegalArgumentException(
            "'" + u + "' is not a local reusable workflow: expected ./<dir>/<file>.yml (no @ref)");
      }
      return new Local(u, path);
    }
    Optional<String> base = Optional.empty();
    String rest = u;
    int scheme = u.indexOf("://");
    if (scheme > 0) {
      int slash = u.indexOf('/', scheme + 3);
      if (slash < 0) {
        throw new IllegalArgumentException("'" + u + "' names no repository");
      }
      base = Optional.of(u.substring(0, slash));
      rest = u.substring(slash + 1);
    }
    Matcher m = REMOTE.matcher(rest);
    if (!m.matches() || !m.group(4).matches(".*\\.ya?ml")) {
      throw new IllegalArgumentException(
          "'"
              + u
              + "' is not a reusable workflow reference: expected ./.forgejo/workflows/<file>.yml"
              + " or <owner>/<repo>/.forgejo/workflows/<file>.yml@<ref> (also .gitea, .github)");
    }
    return new Remote(
        u,
        base,
        m.group(1) + "/" + m.group(2),
        "." + m.group(3) + "/workflows/" + m.group(4),
        m.group(5));
  }
}
