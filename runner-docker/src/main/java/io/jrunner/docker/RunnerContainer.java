// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container this JVM runs in, on the engine jobs are started on: found when jrunner itself runs
 * in a container (the image of {@code docker/}) with the engine's socket. Jobs on their own bridge
 * networks cannot reach it by its address (the engine isolates bridges from each other), so {@link
 * CacheReach} connects it to their networks.
 *
 * <p>Found robustly: the 64-hex id that the engine writes into the container's mounts ({@code
 * /proc/self/mountinfo}: {@code /var/lib/docker/containers/<id>/hostname}) and cgroup paths ({@code
 * /proc/self/cgroup}, cgroup v1), then the host name (the engine's default is the short id); a
 * candidate counts only when the engine knows a running container of that id whose host name is
 * this one's, so a runner that drives another engine (docker-in-docker, a remote host) or runs on
 * the host finds none. A container on the host's network ({@code --network host}) counts as none:
 * it reaches and is reached as the host.
 *
 * @param id the full container id
 * @param hostname its host name: the name jobs reach it by
 */
public record RunnerContainer(String id, String hostname) {
  private static final Pattern MOUNT_ID = Pattern.compile("/containers/([0-9a-f]{64})/");
  private static final Pattern CGROUP_ID =
      Pattern.compile("(?:docker[-/]|/)([0-9a-f]{64})(?:\\.scope)?$", Pattern.MULTILINE);

  public RunnerContainer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
  }

  /**
   * This process's container on {@code docker}'s engine, asked with the start-up client (no
   * docker-java loaded).
   *
   * @return empty when not in a container of that engine, or in one on the host's network
   */
  public static Optional<RunnerContainer> detect(EngineApi docker) {
    String hostname = read(Path.of("/etc/hostname")).strip();
    if (hostname.isEmpty()) {
      return Optional.empty();
    }
    Set<String> candidates = new LinkedHashSet<>();
    idFromMountinfo(read(Path.of("/proc/self/mountinfo"))).ifPresent(candidates::add);
    idFromCgroup(read(Path.of("/proc/self/cgroup"))).ifPresent(candidates::add);
    candidates.add(hostname);
    for (String candidate : candidates) {
      Optional<RunnerContainer> found = confirm(docker, candidate, hostname);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The container id in the mounts of {@code /proc/self/mountinfo}'s text, if any. */
  static Optional<String> idFromMountinfo(String mountinfo) {
    Matcher m = MOUNT_ID.matcher(mountinfo);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The container id at the end of a cgroup path of {@code /proc/self/cgroup}'s text, if any. */
  static Optional<String> idFromCgroup(String cgroup) {
    Matcher m = CGROUP_ID.matcher(cgroup);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<RunnerContainer> confirm(
      EngineApi docker, String candidate, String hostname) {
    Optional<EngineApi.ContainerState> found;
    try {
      found = docker.inspectContainer(candidate);
    } catch (RuntimeException e) { // the engine cannot be asked: not ours
      return Optional.empty();
    }
    return found
        .filter(c -> c.running() && hostname.equals(c.hostname()))
        .filter(c -> !"host".equals(c.networkMode()))
        .map(c -> new RunnerContainer(c.id(), hostname));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
