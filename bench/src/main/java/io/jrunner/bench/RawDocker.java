// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/**
 * The raw Docker floor the benchmarks compare against: what the Engine API costs with no runner in
 * between. Blocking calls, any thread; Docker errors escape as docker-java's runtime exceptions.
 */
public final class RawDocker {
  private RawDocker() {}

  /**
   * {@code docker exec <container> true} through the Engine API: create, start attached, wait for
   * the end, inspect (for the exit code), as a runner must.
   */
  public static void execTrue(DockerClient docker, String container) throws InterruptedException {
    String id =
        docker
            .execCreateCmd(container)
            .withCmd("true")
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
    docker.inspectExecCmd(id).exec();
  }
}
