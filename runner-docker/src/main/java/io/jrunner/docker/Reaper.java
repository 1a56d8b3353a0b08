// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every container, network and volume labelled with this runner's id: at daemon start, what
 * a crashed run left behind. Thread-safe; never throws for one object that cannot be removed.
 */
public final class Reaper {
  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private final DockerClient docker;

  public Reaper(DockerClient docker) {
    this.docker = docker;
  }

  /** What a sweep removed. */
  public record Swept(int containers, int networks, int volumes) {
    public int total() {
      return containers + networks + volumes;
    }
  }

  public Swept sweep(String runnerId) {
    Swept swept = sweep(java.util.Map.of(ResourceLabels.RUNNER, runnerId));
    if (swept.total() > 0) {
      LOG.info(
          "removed leftovers of an earlier run: {} container(s), {} network(s), {} volume(s)",
          swept.containers(),
          swept.networks(),
          swept.volumes());
    }
    return swept;
  }

  /**
   * Removes every container, network and volume that carries all of {@code labels} (e.g. one task's
   * {@link ResourceLabels#of}); engine errors other than "not found" propagate from the listing, a
   * single removal that fails is logged and skipped.
   */
  Swept sweep(java.util.Map<String, String> labels) {
    List<String> filter =
        labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    int containers = 0;
    int networks = 0;
    int volumes = 0;
    for (Container c :
        docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
      containers +=
          remove(
              "container " + c.getId(),
              () ->
                  docker
                      .removeContainerCmd(c.getId())
                      .withForce(true)
                      .withRemoveVolumes(true)
                      .exec());
    }
    for (Network n : docker.listNetworksCmd().withFilter("label", filter).exec()) {
      networks += remove("network " + n.getName(), () -> docker.removeNetworkCmd(n.getId()).exec());
    }
    var listed = docker.listVolumesCmd().withFilter("label", filter).exec();
    if (listed.getVolumes() != null) {
      for (var v : listed.getVolumes()) {
        volumes +=
            remove("volume " + v.getName(), () -> docker.removeVolumeCmd(v.getName()).exec());
      }
    }
    return new Swept(containers, networks, volumes);
  }

  /**
   * Sweeps every runner id found on the engine's containers, networks and volumes for which {@code
   * orphaned} answers true: the leftovers of runs that died without cleaning up (e.g. a {@code
   * jrunner exec} killed with SIGKILL). Ids the predicate does not recognise are left alone.
   *
   * @return what was removed, summed over all orphaned ids
   */
  public Swept sweepOrphans(java.util.function.Predicate<String> orphaned) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    for (Container c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(java.util.List.of(ResourceLabels.RUNNER))
            .exec()) {
      if (c.getLabels() != null && c.getLabels().get(ResourceLabels.RUNNER) != null) {
        ids.add(c.getLabels().get(ResourceLabels.RUNNER));
      }
    }
    for (Network n :
        docker
            .listNetworksCmd()
            .withFilter("label", java.util.List.of(ResourceLabels.RUNNER))
            .exec()) {
      if (n.getLabels() != null && n.getLabels().get(ResourceLabels.RUNNER) != null) {
        ids.add(n.getLabels().get(ResourceLabels.RUNNER));
      }
    }
    var listed =
        docker
            .listVolumesCmd()
            .withFilter("label", java.util.List.of(ResourceLabels.RUNNER))
            .exec();
    if (listed.getVolumes() != null) {
      for (var v : listed.getVolumes()) {
        if (v.getLabels() != null && v.getLabels().get(ResourceLabels.RUNNER) != null) {
          ids.add(v.getLabels().get(ResourceLabels.RUNNER));
        }
      }
    }
    int containers = 0;
    int networks = 0;
    int volumes = 0;
    for (String id : ids) {
      if (orphaned.test(id)) {
        Swept one = sweep(id);
        containers += one.containers();
        networks += one.networks();
        volumes += one.volumes();
      }
    }
    return new Swept(containers, networks, volumes);
  }

  private static int remove(String what, Runnable removal) {
    try {
      removal.run();
      return 1;
    } catch (NotFoundException e) {
      return 0;
    } catch (RuntimeException e) {
      LOG.warn("cannot remove {}: {}", what, e.getMessage());
      return 0;
    }
  }
}
