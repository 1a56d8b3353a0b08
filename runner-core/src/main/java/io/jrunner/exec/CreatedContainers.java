// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job environment created, for the {@code job} context (GitHub's {@code job.container.id},
 * {@code job.container.network}, {@code job.services.<id>.id}, {@code .network} and {@code
 * .ports}). A host job creates nothing ({@link #NONE}). Immutable.
 *
 * @param job the job container, if the job runs in one
 * @param services the service containers by their key under {@code services:}
 */
public record CreatedContainers(Optional<Container> job, Map<String, Container> services) {
  /** Nothing was created (the host). */
  public static final CreatedContainers NONE = new CreatedContainers(Optional.empty(), Map.of());

  public CreatedContainers {
    Objects.requireNonNull(job, "job");
    services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
  }

  /**
   * One container.
   *
   * @param id the container's id
   * @param network the name of the network it is on
   * @param ports container port (e.g. {@code 5432}) → the host port it is published on
   */
  public record Container(String id, String network, Map<String, String> ports) {
    public Container {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(network, "network");
      ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }
  }

  /**
   * The {@code job} context: {@code status}, then {@code container} (id and network) and {@code
   * services} (id, network, ports) for what exists; a host job has only {@code status}, as on
   * GitHub.
   */
  public Value.Obj jobContext(Conclusion status) {
    Map<String, Value> out = new LinkedHashMap<>();
    job.ifPresent(
        c ->
            out.put(
                "container",
                new Value.Obj(Map.of("id", Value.of(c.id()), "network", Value.of(c.network())))));
    if (job.isPresent() || !services.isEmpty()) {
      Map<String, Value> byName = new LinkedHashMap<>();
      services.forEach(
          (name, c) -> {
            Map<String, Value> ports = new LinkedHashMap<>();
            c.ports().forEach((k, v) -> ports.put(k, Value.of(v)));
            byName.put(
                name,
                new Value.Obj(
                    Map.of(
                        "id", Value.of(c.id()),
                        "network", Value.of(c.network()),
                        "ports", new Value.Obj(ports))));
          });
      out.put("services", new Value.Obj(byName));
    }
    out.put("status", Value.of(status.contextValue()));
    return new Value.Obj(out);
  }
}
