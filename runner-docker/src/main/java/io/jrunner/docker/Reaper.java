// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every container, network and volume labelled with this runner's id: at daemon start, what
 * a crashed run left behind; per task, what a failed teardown left ({@link TeardownRetry}). The
 * same rules on either client: {@link EngineApi} at start-up (docker-java not loaded), docker-java
 * for a job engine. Thread-safe; never throws for one object that cannot be removed.
 */
public final class Reaper {
  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

  private final LabelledObjects engine;

  /** On the start-up client. */
  public Reaper(EngineApi engine) {
    this.engine = engine;
  }

  /** On a docker-java client (a job engine, a TLS host, tests). */
  public Reaper(DockerClient docker) {
    this.engine = new DockerJavaObjects(docker);
  }

  /** What a sweep removed. */
  public record Swept(int containers, int networks, int volumes) {
    public int total() {
      return containers + networks + volumes;
    }
  }

  /** Removes everything labelled with {@code runnerId}, logging what it found. */
  public Swept sweep(String runnerId) {
    Swept swept = sweep(Map.of(ResourceLabels.RUNNER, runnerId));
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
  Swept sweep(Map<String, String> labels) {
    List<String> filter = filter(labels);
    int containers = 0;
    int networks = 0;
    int volumes = 0;
    for (EngineApi.Listed c : engine.containers(filter)) {
      containers += remove("container " + c.id(), () -> engine.removeContainer(c.id()));
    }
    for (EngineApi.Listed n : engine.networks(filter)) {
      networks += remove("network " + n.name(), () -> engine.removeNetwork(n.id()));
    }
    for (EngineApi.Listed v : engine.volumes(filter)) {
      volumes += remove("volume " + v.name(), () -> engine.removeVolume(v.name()));
    }
    return new Swept(containers, networks, volumes);
  }

  /** How many containers, networks and volumes carry all of {@code labels}. */
  int count(Map<String, String> labels) {
    List<String> filter = filter(labels);
    return engine.containers(filter).size()
        + engine.networks(filter).size()
        + engine.volumes(filter).size();
  }

  /**
   * Sweeps every runner id found on the engine's containers, networks and volumes for which {@code
   * orphaned} answers true: the leftovers of runs that died without cleaning up (e.g. a {@code
   * jrunner exec} killed with SIGKILL). Ids the predicate does not recognise are left alone.
   *
   * @return what was removed, summed over all orphaned ids
   */
  public Swept sweepOrphans(Predicate<String> orphaned) {
    List<String> any = List.of(ResourceLabels.RUNNER);
    Set<String> ids = new TreeSet<>();
    for (List<EngineApi.Listed> kind :
        List.of(engine.containers(any), engine.networks(any), engine.volumes(any))) {
      for (EngineApi.Listed o : kind) {
        String id = o.labels().get(ResourceLabels.RUNNER);
        if (id != null) {
          ids.add(id);
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

  private static List<String> filter(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  private int remove(String what, Runnable removal) {
    try {
      removal.run();
      return 1;
    } catch (RuntimeException e) {
      if (engine.notFound(e)) {
        return 0;
      }
      LOG.warn("cannot remove {}: {}", what, e.getMessage());
      return 0;
    }
  }
}
