// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.jrunner.config.GoDuration;
import io.jrunner.exec.LineSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fills a {@code docker create} request from a {@link ContainerPlan}: options, ports, mounts,
 * network, labels, environment, and for the job container the Docker socket. Holds no state.
 */
final class ContainerRequests {
  private ContainerRequests() {}

  /** What differs between a service and the job container. */
  record Target(
      Map<String, String> env,
      Map<String, String> labels,
      String network,
      List<String> aliases,
      boolean privileged,
      boolean job,
      DockerSocket socket) {}

  /**
   * @param log where to say that an option does not apply (the job's setup log)
   * @return {@code create}, filled in
   */
  static CreateContainerCmd fill(
      CreateContainerCmd create, ContainerPlan plan, Target target, LineSink log) {
    ContainerOptions o = plan.options();
    Map<String, String> env = new LinkedHashMap<>(target.env());
    for (String e : o.all(ContainerOption.ENV)) {
      int eq = e.indexOf('=');
      env.put(e.substring(0, eq), e.substring(eq + 1));
    }
    if (target.job() && target.socket() instanceof DockerSocket.Env(String url)) {
      env.put("DOCKER_HOST", url);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String l : o.all(ContainerOption.LABEL)) {
      int eq = l.indexOf('=');
      labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
    }
    labels.putAll(target.labels()); // the runner's labels always win
    create
        .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withLabels(labels);
    o.last(ContainerOption.HOSTNAME).ifPresent(create::withHostName);
    o.last(ContainerOption.USER).ifPresent(create::withUser);
    o.last(ContainerOption.WORKDIR).ifPresent(create::withWorkingDir);
    Optional<String> entrypoint = o.last(ContainerOption.ENTRYPOINT);
    if (entrypoint.isPresent()) {
      if (target.job()) {
        log.line(false, "Ignoring --entrypoint for the job container: it runs jrunner's idle loop");
      } else {
        create.withEntrypoint(entrypoint.get().isEmpty() ? List.of() : List.of(entrypoint.get()));
      }
    }
    health(o).ifPresent(create::withHealthcheck);

    String network = o.last(ContainerOption.NETWORK).orElse(target.network());
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(network);
    List<String> aliases = new ArrayList<>(target.aliases());
    aliases.addAll(o.all(ContainerOption.NETWORK_ALIAS));
    if (host.isUserDefinedNetwork() && !aliases.isEmpty()) {
      create.withAliases(aliases);
    }
    o.last(ContainerOption.MEMORY).map(ContainerOption::bytes).ifPresent(host::withMemory);
    o.last(ContainerOption.CPUS).map(ContainerOption::nanoCpus).ifPresent(host::withNanoCPUs);
    o.last(ContainerOption.SHM_SIZE).map(ContainerOption::bytes).ifPresent(host::withShmSize);
    if (!o.all(ContainerOption.TMPFS).isEmpty()) {
      Map<String, String> tmpfs = new LinkedHashMap<>();
      for (String t : o.all(ContainerOption.TMPFS)) {
        int colon = t.indexOf(':');
        tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
      }
      host.withTmpFs(tmpfs);
    }
    // The job container always runs an init as PID 1 (see DockerJobEnvironment).
    if (target.job() || o.flag(ContainerOption.INIT)) {
      host.withInit(true);
    }
    if (o.flag(ContainerOption.READ_ONLY)) {
      host.withReadonlyRootfs(true);
    }
    if (!o.all(ContainerOption.ADD_HOST).isEmpty()) {
      host.withExtraHosts(o.all(ContainerOption.ADD_HOST).toArray(String[]::new));
    }
    if (!o.all(ContainerOption.CAP_DROP).isEmpty()) {
      host.withCapDrop(capabilities(o.all(ContainerOption.CAP_DROP)));
    }
    if (target.privileged() || o.flag(ContainerOption.PRIVILEGED)) {
      host.withPrivileged(true);
    }
    if (!o.all(ContainerOption.CAP_ADD).isEmpty()) {
      host.withCapAdd(capabilities(o.all(ContainerOption.CAP_ADD)));
    }
    if (!o.all(ContainerOption.DEVICE).isEmpty()) {
      host.withDevices(o.all(ContainerOption.DEVICE).stream().map(Device::parse).toList());
    }
    if (!o.all(ContainerOption.SECURITY_OPT).isEmpty()) {
      host.withSecurityOpts(o.all(ContainerOption.SECURITY_OPT));
    }
    o.last(ContainerOption.PID).ifPresent(host::withPidMode);
    o.last(ContainerOption.IPC).ifPresent(host::withIpcMode);
    o.last(ContainerOption.USERNS).ifPresent(host::withUsernsMode);

    List<Bind> binds = new ArrayList<>();
    List<Volume> anonymous = new ArrayList<>();
    for (VolumeMount m : plan.mounts()) {
      switch (m) {
        case VolumeMount.Named n -> binds.add(bind(n.name(), n.target(), n.readOnly()));
        case VolumeMount.Bind b -> binds.add(bind(b.source(), b.target(), b.readOnly()));
        case VolumeMount.Anonymous a -> anonymous.add(new Volume(a.target()));
      }
    }
    if (target.job() && target.socket() instanceof DockerSocket.Mount(String path)) {
      binds.add(bind(path, DockerSocket.TARGET, false));
    }
    if (!binds.isEmpty()) {
      host.withBinds(binds);
    }
    if (!anonymous.isEmpty()) {
      create.withVolumes(anonymous);
    }
    if (!plan.ports().isEmpty()) {
      Ports ports = new Ports();
      List<ExposedPort> exposed = new ArrayList<>();
      for (PortMapping p : plan.ports()) {
        exposed.add(p.exposed());
        ports.bind(p.exposed(), p.binding());
      }
      create.withExposedPorts(exposed);
      host.withPortBindings(ports);
    }
    return create.withHostConfig(host);
  }

  /** The health check the options define, if they touch it. */
  static Optional<HealthCheck> health(ContainerOptions o) {
    if (o.flag(ContainerOption.NO_HEALTHCHECK)) {
      return Optional.of(new HealthCheck().withTest(List.of("NONE")));
    }
    boolean any = false;
    HealthCheck check = new HealthCheck();
    Optional<String> cmd = o.last(ContainerOption.HEALTH_CMD);
    if (cmd.isPresent()) {
      check.withTest(List.of("CMD-SHELL", cmd.get()));
      any = true;
    }
    Optional<String> interval = o.last(ContainerOption.HEALTH_INTERVAL);
    if (interval.isPresent()) {
      check.withInterval(nanos(interval.get()));
      any = true;
    }
    Optional<String> timeout = o.last(ContainerOption.HEALTH_TIMEOUT);
    if (timeout.isPresent()) {
      check.withTimeout(nanos(timeout.get()));
      any = true;
    }
    Optional<String> start = o.last(ContainerOption.HEALTH_START_PERIOD);
    if (start.isPresent()) {
      check.withStartPeriod(nanos(start.get()));
      any = true;
    }
    Optional<String> retries = o.last(ContainerOption.HEALTH_RETRIES);
    if (retries.isPresent()) {
      check.withRetries(Integer.parseInt(retries.get()));
      any = true;
    }
    return any ? Optional.of(check) : Optional.empty();
  }

  private static long nanos(String duration) {
    return GoDuration.parse(duration).toNanos();
  }

  private static Capability[] capabilities(List<String> names) {
    return names.stream()
        .map(n -> ContainerOption.capability(n).orElseThrow())
        .toArray(Capability[]::new);
  }

  private static Bind bind(String source, String target, boolean readOnly) {
    return new Bind(source, new Volume(target), readOnly ? AccessMode.ro : AccessMode.rw);
  }
}
