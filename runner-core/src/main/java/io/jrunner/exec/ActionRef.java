// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Objects;

/**
 * What a {@code uses:} names, resolved against the default actions URL. Immutable.
 *
 * <ul>
 *   <li>{@code ./path} or {@code ../path}: an action in the workspace ({@link Local});
 *   <li>{@code docker://image}: a container image run as the step ({@link DockerImage});
 *   <li>{@code owner/repo[/path]@ref}: a repository under the default actions URL; {@code
 *       https://host/owner/repo[/path]@ref}: a repository anywhere ({@link Remote}).
 * </ul>
 */
public sealed interface ActionRef {
  /** The reference as written, for log lines. */
  String uses();

  /** An action in the workspace, at {@code path} relative to it. */
  record Local(String uses, String path) implements ActionRef {}

  /** An image to run as the step. */
  record DockerImage(String uses, String image) implements ActionRef {}

  /**
   * An action in a git repository.
   *
   * @param repoUrl the clone URL, without {@code .git} and without a trailing slash
   * @param repository {@code owner/repo}, for {@code GITHUB_ACTION_REPOSITORY}
   * @param path the action's directory inside the repository; empty for its root
   * @param ref the branch, tag or commit
   */
  record Remote(String uses, String repoUrl, String repository, String path, String ref)
      implements ActionRef {
    public Remote {
      Objects.requireNonNull(repoUrl, "repoUrl");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(ref, "ref");
    }
  }

  /**
   * Parses a {@code uses:} value.
   *
   * @param defaultActionsUrl where {@code owner/repo} actions live (e.g. {@code
   *     https://data.forgejo.org})
   * @throws IllegalArgumentException with a readable message when the value is not a valid
   *     reference
   */
  static ActionRef parse(String uses, String defaultActionsUrl) {
    String u = uses.strip();
    if (u.startsWith("./") || u.startsWith("../") || u.equals(".")) {
      return new Local(u, u);
    }
    if (u.startsWith("docker://")) {
      String image = u.substring("docker://".length());
      if (image.isBlank()) {
        throw new IllegalArgumentException("uses: " + u + " names no image");
      }
      return new DockerImage(u, image);
    }
    int at = u.lastIndexOf('@');
    if (at <= 0 || at == u.length() - 1) {
      throw new IllegalArgumentException(
          "uses: "
              + u
              + " is not a valid action reference: expected owner/repo[/path]@ref, ./local/path"
              + " or docker://image");
    }
    String ref = u.substring(at + 1);
    String spec = u.substring(0, at);
    String base;
    String rest;
    int scheme = spec.indexOf("://");
    if (scheme > 0) {
      int slash = spec.indexOf('/', scheme + 3);
      if (slash < 0) {
        throw new IllegalArgumentException("uses: " + u + " names no repository");
      }
      base = spec.substring(0, slash);
      rest = spec.substring(slash + 1);
    } else {
      base = stripSlash(defaultActionsUrl);
      rest = spec;
    }
    String[] parts = rest.split("/");
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "uses: " + u + " is not a valid action reference: expected owner/repo[/path]@ref");
    }
    String repo =
        parts[1].endsWith(".git") ? parts[1].substring(0, parts[1].length() - 4) : parts[1];
    String repository = parts[0] + "/" + repo;
    String path = String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    return new Remote(u, base + "/" + repository, repository, path, ref);
  }

  private static String stripSlash(String url) {
    String s = url.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
