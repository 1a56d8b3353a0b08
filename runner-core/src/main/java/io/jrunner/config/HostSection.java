// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code host:} settings, for {@code NAME:host} labels. Immutable.
 *
 * @param workdirParent parent directory of host jobs' working directories, and the action clone
 *     cache; {@code ""} (the default) means {@code $HOME/.cache/act}, see {@link
 *     #resolvedWorkdirParent(Path)}
 */
public record HostSection(String workdirParent) {
  public HostSection {
    Objects.requireNonNull(workdirParent, "workdirParent");
  }

  /** {@code workdir_parent: ""}. */
  public static HostSection defaults() {
    return new HostSection("");
  }

  /**
   * The absolute directory to use: {@code workdir_parent}, or {@code <home>/.cache/act} when it is
   * empty (forgejo-runner resolves it the same way and makes it absolute).
   */
  public Path resolvedWorkdirParent(Path home) {
    Path p =
        workdirParent.isEmpty() ? home.resolve(".cache").resolve("act") : Path.of(workdirParent);
    return p.toAbsolutePath();
  }

  static HostSection read(YamlSection s) {
    HostSection host = new HostSection(s.string("workdir_parent", ""));
    s.warnUnknownKeys();
    return host;
  }
}
