// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.bench.RawDocker;
import io.jrunner.docker.DockerClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The raw Docker floor, through the Engine API (docker-java, as in {@code DockerOverhead}): one
 * {@code docker exec … true} in a running container (create, start and wait, inspect), and one
 * {@code docker run --rm … true} (create, start, wait, remove). Containers it creates carry the
 * name prefix {@code sbs-floor-} and are removed before it returns.
 */
final class DockerFloor {
  private DockerFloor() {}

  /** Adds {@code n} samples (after 2 warm-ups) of each to {@code out}, in milliseconds. */
  static void measure(Samples out, int n, String image) throws Exception {
    try (DockerClient docker =
        DockerClients.create("unix:///var/run/docker.sock", Duration.ofMinutes(2))) {
      String idle =
          docker
              .createContainerCmd(image)
              .withName("sbs-floor-idle-" + System.nanoTime())
              .withEntrypoint("tail", "-f", "/dev/null")
              .exec()
              .getId();
      try {
        docker.startContainerCmd(idle).exec();
        for (int i = 0; i < n + 2; i++) {
          long t0 = System.nanoTime();
          RawDocker.execTrue(docker, idle);
          if (i >= 2) {
            out.add(Metric.DOCKER_EXEC, Samples.FLOOR, (System.nanoTime() - t0) / 1e6);
          }
        }
      } finally {
        docker.removeContainerCmd(idle).withForce(true).exec();
      }
      for (int i = 0; i < n + 2; i++) {
        long t0 = System.nanoTime();
        run(docker, image);
        if (i >= 2) {
          out.add(Metric.DOCKER_RUN, Samples.FLOOR, (System.nanoTime() - t0) / 1e6);
        }
      }
    }
  }

  private static void run(DockerClient docker, String image) throws Exception {
    String id =
        docker
            .createContainerCmd(image)
            .withName("sbs-floor-run-" + System.nanoTime())
            .withCmd("true")
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
