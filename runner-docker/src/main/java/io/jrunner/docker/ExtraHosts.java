// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.List;

/** Appends {@code --add-host} entries to a container request, after its own. Stateless. */
final class ExtraHosts {
  private ExtraHosts() {}

  static void add(CreateContainerCmd create, List<String> hosts) {
    if (hosts.isEmpty()) {
      return;
    }
    HostConfig host = create.getHostConfig();
    if (host == null) {
      host = HostConfig.newHostConfig();
      create.withHostConfig(host);
    }
    List<String> all = new ArrayList<>();
    if (host.getExtraHosts() != null) {
      all.addAll(List.of(host.getExtraHosts()));
    }
    all.addAll(hosts);
    host.withExtraHosts(all.toArray(String[]::new));
  }
}
