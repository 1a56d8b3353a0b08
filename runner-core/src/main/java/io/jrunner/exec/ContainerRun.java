// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container run next to the job (a Docker action's step): it shares the job's network, workspace
 * and command files at the same paths as the job sees them, and is removed when it ends.
 *
 * @param image the image (pulled when absent, like the job's)
 * @param entrypoint replaces the image's entrypoint, if given
 * @param args the command (arguments to the entrypoint); empty keeps the image's
 * @param env the container's environment
 * @param workingDirectory where it starts (the workspace)
 */
public record ContainerRun(
    String image,
    Optional<String> entrypoint,
    List<String> args,
    Map<String, String> env,
    String workingDirectory) {
  public ContainerRun {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(entrypoint, "entrypoint");
    args = List.copyOf(args);
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  public ContainerRun withEntrypoint(Optional<String> value) {
    return new ContainerRun(image, value, args, env, workingDirectory);
  }
}
