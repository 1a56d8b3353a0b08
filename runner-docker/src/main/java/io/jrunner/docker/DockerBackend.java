// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;

/** {@link ExecutionBackend} on a Docker engine. Thread-safe; one per runner. */
public final class DockerBackend implements ExecutionBackend {
  private final DockerClient docker;
  private final Images images;
  private final DockerSettings settings;

  /**
   * @param settings the runner's {@code container:} settings
   */
  public DockerBackend(DockerClient docker, DockerSettings settings) {
    this.docker = docker;
    this.settings = settings;
    this.images = new Images(docker, settings.forcePull());
  }

  /**
   * The defaults of {@link DockerSettings#defaults()}.
   *
   * @param forcePull pull images even when present ({@code container.force_pull})
   */
  public DockerBackend(DockerClient docker, boolean forcePull) {
    this(
        docker,
        new DockerSettings(
            forcePull,
            "",
            false,
            "",
            java.util.List.of(),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT));
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException {
    return DockerJobEnvironment.open(docker, spec, images, settings, setupLog);
  }
}
