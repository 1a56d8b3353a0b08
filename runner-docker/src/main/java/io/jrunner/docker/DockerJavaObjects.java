// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import java.util.Map;

/** {@link LabelledObjects} on a docker-java client. Thread-safe as the client. */
final class DockerJavaObjects implements LabelledObjects {
  private final DockerClient docker;

  DockerJavaObjects(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public List<EngineApi.Listed> containers(List<String> labelFilter) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withFilter("label", labelFilter)
        .exec()
        .stream()
        .map(
            c ->
                new EngineApi.Listed(
                    c.getId(),
                    c.getNames() == null || c.getNames().length == 0
                        ? ""
                        : c.getNames()[0].replaceFirst("^/", ""),
                    labels(c.getLabels())))
        .toList();
  }

  @Override
  public List<EngineApi.Listed> networks(List<String> labelFilter) {
    return docker.listNetworksCmd().withFilter("label", labelFilter).exec().stream()
        .map(n -> new EngineApi.Listed(n.getId(), n.getName(), labels(n.getLabels())))
        .toList();
  }

  @Override
  public List<EngineApi.Listed> volumes(List<String> labelFilter) {
    var listed = docker.listVolumesCmd().withFilter("label", labelFilter).exec().getVolumes();
    return listed == null
        ? List.of()
        : listed.stream()
            .map(v -> new EngineApi.Listed(v.getName(), v.getName(), labels(v.getLabels())))
            .toList();
  }

  @Override
  public void removeContainer(String id) {
    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
  }

  @Override
  public void removeNetwork(String id) {
    docker.removeNetworkCmd(id).exec();
  }

  @Override
  public void removeVolume(String name) {
    docker.removeVolumeCmd(name).exec();
  }

  @Override
  public boolean notFound(RuntimeException e) {
    return e instanceof NotFoundException;
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }
}
