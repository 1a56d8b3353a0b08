// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code defaults.run} of a workflow or job.
 *
 * @param shell the default {@code shell}, if set
 * @param workingDirectory the default {@code working-directory}, if set
 */
public record Defaults(Optional<String> shell, Optional<String> workingDirectory) {
  public static final Defaults NONE = new Defaults(Optional.empty(), Optional.empty());

  public Defaults {
    Objects.requireNonNull(shell, "shell");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }
}
