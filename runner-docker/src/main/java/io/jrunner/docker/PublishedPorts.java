// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ports a started container publishes on the Docker host, as GitHub's {@code
 * job.services.<id>.ports} has them: container port ({@code 5432}, without {@code /tcp}) → host
 * port. Ports the image exposes but nobody published are left out. Stateless.
 */
final class PublishedPorts {
  private PublishedPorts() {}

  /**
   * @throws RuntimeException as docker-java throws it when the container cannot be inspected
   */
  static Map<String, String> of(DockerClient docker, String containerId) {
    Map<String, String> out = new TreeMap<>();
    var settings = docker.inspectContainerCmd(containerId).exec().getNetworkSettings();
    if (settings == null || settings.getPorts() == null) {
      return out;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : settings.getPorts().getBindings().entrySet()) {
      Ports.Binding[] bindings = e.getValue();
      if (bindings != null && bindings.length > 0 && bindings[0].getHostPortSpec() != null) {
        out.putIfAbsent(Integer.toString(e.getKey().getPort()), bindings[0].getHostPortSpec());
      }
    }
    return out;
  }
}
