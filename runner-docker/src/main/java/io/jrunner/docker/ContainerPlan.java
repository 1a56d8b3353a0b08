// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerSetup;
import io.jrunner.exec.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One container's checked setup: its options (the runner's, then the workflow's), published ports
 * and mounts. Built for every container of a job before anything is created, so that a refused
 * option or volume fails the job with nothing to clean up. Pure; immutable.
 *
 * @param where {@code service db} or {@code job container}, for messages
 */
record ContainerPlan(
    String where, ContainerOptions options, List<PortMapping> ports, List<VolumeMount> mounts) {
  ContainerPlan {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(options, "options");
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
  }

  /** The plans of a job: its services' in order, then its job container's. */
  record Job(List<ContainerPlan> services, ContainerPlan container) {
    Job {
      services = List.copyOf(services);
      Objects.requireNonNull(container, "container");
    }

    /** The names of the named volumes any container mounts, in first-use order. */
    Set<String> namedVolumes() {
      Set<String> out = new LinkedHashSet<>();
      List<ContainerPlan> all = new ArrayList<>(services);
      all.add(container);
      for (ContainerPlan p : all) {
        for (VolumeMount m : p.mounts()) {
          if (m instanceof VolumeMount.Named n) {
            out.add(n.name());
          }
        }
      }
      return out;
    }
  }

  /**
   * @throws BackendException for the first option, port or volume that is invalid or refused
   */
  static Job of(JobSpec spec, DockerSettings settings) throws BackendException {
    List<ContainerPlan> services = new ArrayList<>();
    for (JobSpec.ServiceSpec s : spec.services()) {
      services.add(of("service " + s.name(), ContainerOptions.NONE, s.setup(), settings));
    }
    ContainerOptions runner =
        ContainerOptions.parse(settings.options(), "container.options (runner configuration)");
    return new Job(services, of("job container", runner, spec.container(), settings));
  }

  private static ContainerPlan of(
      String where, ContainerOptions trusted, ContainerSetup setup, DockerSettings settings)
      throws BackendException {
    ContainerOptions workflow = ContainerOptions.parse(setup.options(), where);
    settings.policy().check(workflow, where);
    List<VolumeMount> checked = new ArrayList<>();
    for (String v : setup.volumes()) {
      checked.add(VolumeMount.parse(v, where));
    }
    for (String v : workflow.all(ContainerOption.VOLUME)) {
      checked.add(VolumeMount.parse(v, where));
    }
    settings.policy().checkMounts(checked, where); // a profile's socket and host-path rules
    VolumeMount.check(checked, settings.validVolumes(), where);
    List<VolumeMount> mounts = new ArrayList<>();
    for (String v : trusted.all(ContainerOption.VOLUME)) {
      mounts.add(VolumeMount.parse(v, "container.options (runner configuration)"));
    }
    mounts.addAll(checked);
    List<PortMapping> ports = new ArrayList<>();
    for (String p : setup.ports()) {
      ports.add(PortMapping.parse(p, where));
    }
    return new ContainerPlan(where, trusted.then(workflow), ports, mounts);
  }
}
