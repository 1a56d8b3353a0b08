// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One process to run in a job environment.
 *
 * @param command the argv; never passed through a shell by the backend
 * @param env variables added to the environment's own
 * @param workingDirectory where it runs; empty for the environment's default
 * @param user the user to run as; empty for the image's
 */
public record ExecSpec(
    List<String> command,
    Map<String, String> env,
    Optional<String> workingDirectory,
    Optional<String> user) {
  public ExecSpec {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("an empty command");
    }
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(user, "user");
  }

  /** A command with no extra environment, in the default directory. */
  public static ExecSpec of(String... command) {
    return new ExecSpec(List.of(command), Map.of(), Optional.empty(), Optional.empty());
  }

  public ExecSpec withEnv(Map<String, String> value) {
    return new ExecSpec(command, value, workingDirectory, user);
  }

  public ExecSpec inDirectory(String dir) {
    return new ExecSpec(command, env, Optional.of(dir), user);
  }

  /** Names the environment's variables, never their values (they may be secrets). */
  @Override
  public String toString() {
    return "ExecSpec[command="
        + command
        + ", env="
        + new java.util.TreeSet<>(env.keySet())
        + ", workingDirectory="
        + workingDirectory
        + ", user="
        + user
        + "]";
  }
}
