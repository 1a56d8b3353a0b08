// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Makes docker-java clients. No API version is pinned: unversioned URLs work from Docker 20.10 on.
 */
public final class DockerClients {
  private DockerClients() {}

  /**
   * @param host e.g. {@code unix:///var/run/docker.sock}
   * @param responseTimeout upper bound of one API response (not of a whole exec or pull)
   */
  public static DockerClient create(String host, Duration responseTimeout) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(URI.create(host))
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(responseTimeout)
            .maxConnections(64)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /**
   * The engine's version asked with docker-java: for the hosts {@link EngineApi} does not speak
   * (TLS). Opens and closes its own client.
   *
   * @param timeout the bound of the answer
   */
  static EngineApi.Version version(String host, Duration timeout) throws IOException {
    try (DockerClient docker = create(host, timeout)) {
      var v = docker.versionCmd().exec();
      return new EngineApi.Version(v.getVersion(), v.getApiVersion());
    }
  }
}
