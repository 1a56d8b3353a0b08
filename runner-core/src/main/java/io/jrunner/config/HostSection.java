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
 * @param runAs {@code run_as}: the user host jobs run as when the runner runs as root; {@code ""}
 *     (the default) runs them as the runner's own user
 */
public record HostSection(String workdirParent, String runAs) {
  public HostSection {
    Objects.requireNonNull(workdirParent, "workdirParent");
    Objects.requireNonNull(runAs, "runAs");
  }

  /** Host jobs as the runner's user. */
  public HostSection(String workdirParent) {
    this(workdirParent, "");
  }

  /** {@code workdir_parent: ""}, {@code run_as: ""}. */
  public static HostSection defaults() {
    return new HostSection("", "");
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
    HostSection host = new HostSection(s.string("workdir_parent", ""), s.string("run_as", ""));
    s.warnUnknownKeys();
    return host;
  }
}
