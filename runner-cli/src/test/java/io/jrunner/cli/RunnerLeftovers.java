// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.docker.ResourceLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a runner left on an engine, for assertions that nothing is left. */
final class RunnerLeftovers {
  private RunnerLeftovers() {}

  /** Every container, network and volume labelled with runner {@code uuid}, as "kind name". */
  static List<String> of(DockerClient docker, String uuid) {
    List<String> out = new ArrayList<>();
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ResourceLabels.RUNNER, uuid))
        .exec()
        .forEach(c -> out.add("container " + c.getNames()[0]));
    docker
        .listNetworksCmd()
        .withFilter("label", ResourceLabels.runnerFilter(uuid))
        .exec()
        .forEach(n -> out.add("network " + n.getName()));
    var volumes =
        docker.listVolumesCmd().withFilter("label", ResourceLabels.runnerFilter(uuid)).exec();
    if (volumes.getVolumes() != null) {
      volumes.getVolumes().forEach(v -> out.add("volume " + v.getName()));
    }
    return out;
  }
}
