// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code container:} settings for jobs run in Docker. Immutable.
 *
 * @param network network for job containers: {@code ""} (the default) creates one network per job;
 *     {@code host}, {@code bridge} or a network name use that network. Already reflects the
 *     deprecated {@code network_mode} when {@code network} is empty.
 * @param networkMode the deprecated {@code network_mode} as written; {@code bridge} meant "one
 *     network per job" and maps to {@code network: ""}
 * @param enableIpv6 create per-job networks with IPv6
 * @param privileged run job containers privileged (needed for Docker-in-Docker)
 * @param options extra {@code docker create} options, e.g. {@code --volume /a:/a:ro}
 * @param workdirParent jobs work in {@code /<workdirParent>/<owner>/<repo>} (default {@code
 *     workspace})
 * @param validVolumes glob allow-list of volumes and bind mounts jobs may mount ({@code **} = any)
 * @param dockerHost {@code -} (the default): mount no Docker socket into jobs; {@code automount}:
 *     find and mount one; a URL: use and mount that daemon
 * @param forcePull pull images even when present
 * @param forceRebuild rebuild locally built images even when present
 * @param allowedOptions {@code docker create} options that workflows may use although they reach
 *     the host ({@code --privileged}, {@code --cap-add}, {@code --network}...), by name (jrunner
 *     addition; default none)
 */
public record ContainerSection(
    String network,
    String networkMode,
    boolean enableIpv6,
    boolean privileged,
    String options,
    String workdirParent,
    List<String> validVolumes,
    String dockerHost,
    boolean forcePull,
    boolean forceRebuild,
    List<String> allowedOptions) {
  public ContainerSection {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(networkMode, "networkMode");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(workdirParent, "workdirParent");
    validVolumes = List.copyOf(validVolumes);
    Objects.requireNonNull(dockerHost, "dockerHost");
    allowedOptions = List.copyOf(allowedOptions);
  }

  /** As forgejo-runner v12 and earlier: no {@code allowed_options}. */
  public ContainerSection(
      String network,
      String networkMode,
      boolean enableIpv6,
      boolean privileged,
      String options,
      String workdirParent,
      List<String> validVolumes,
      String dockerHost,
      boolean forcePull,
      boolean forceRebuild) {
    this(
        network,
        networkMode,
        enableIpv6,
        privileged,
        options,
        workdirParent,
        validVolumes,
        dockerHost,
        forcePull,
        forceRebuild,
        List.of());
  }

  /**
   * The job's working directory inside its container: {@code /<workdir_parent>/<repository>}, with
   * the slashes of {@code workdir_parent} normalised.
   *
   * @param repository {@code owner/repo}; empty gives {@code /<workdir_parent>/workspace}
   */
  public String workspace(String repository) {
    return workspace(workdirParent, repository);
  }

  /** {@link #workspace(String)} for a given {@code workdir_parent}. */
  public static String workspace(String workdirParent, String repository) {
    String parent = workdirParent.replaceAll("^/+|/+$", "");
    String repo = repository.replaceAll("^/+|/+$", "");
    return (parent.isEmpty() ? "" : "/" + parent) + "/" + (repo.isEmpty() ? "workspace" : repo);
  }

  /** Per-job networks, {@code workspace}, no socket mounted, nothing forced. */
  public static ContainerSection defaults() {
    return new ContainerSection(
        "", "", false, false, "", "workspace", List.of(), "-", false, false);
  }

  static ContainerSection read(YamlSection s) {
    String network = s.string("network", "");
    String networkMode = s.string("network_mode", "");
    if (!networkMode.isEmpty()) {
      String key = s.keyPath("network_mode");
      if (network.isEmpty()) {
        s.diagnostics()
            .warning(s.locate("network_mode"), key + " is deprecated; use container.network");
        // "bridge" used to mean "create a network per job", which is network: "" today
        network = networkMode.equals("bridge") ? "" : networkMode;
      } else {
        s.diagnostics()
            .warning(s.locate("network_mode"), key + " is ignored: container.network is set");
      }
    }
    ContainerSection container =
        new ContainerSection(
            network,
            networkMode,
            s.bool("enable_ipv6", false),
            s.bool("privileged", false),
            s.string("options", ""),
            s.nonEmptyString("workdir_parent", "workspace"),
            s.strings("valid_volumes"),
            s.nonEmptyString("docker_host", "-"),
            s.bool("force_pull", false),
            s.bool("force_rebuild", false),
            s.strings("allowed_options"));
    s.warnUnknownKeys();
    return container;
  }
}
