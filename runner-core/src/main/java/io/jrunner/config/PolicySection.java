// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A profile's {@code policy:} (jrunner addition): which tasks the runner accepts and what their
 * jobs may get from the host, checked before anything of a task runs. A missing key restricts
 * nothing, so a profile without {@code policy:} behaves like a runner without profiles; {@code
 * jrunner generate-config --profile prod} writes a strict one. Immutable.
 *
 * @param profile the profile this policy belongs to; empty for the runner without a profile
 * @param allowedRefs globs ({@code **}, {@code *}, {@code ?}) of the refs accepted, e.g. {@code
 *     refs/heads/main}, {@code refs/tags/v*}; empty accepts any ref
 * @param requireProtected accept only refs the server reports as protected ({@code
 *     github.ref_protected})
 * @param refusedEvents event names refused, e.g. {@code pull_request}
 * @param repositories globs of {@code owner/name} accepted ({@code team/*} for an owner); empty
 *     accepts any repository
 * @param registries globs of the registry hosts job, service and Docker-action images may come from
 *     ({@code docker.io} for Docker Hub, {@code localhost:5000}); empty accepts any
 * @param dockerSocket whether jobs may get the Docker engine ({@code container.docker_host} or a
 *     socket volume)
 * @param privileged whether jobs may run privileged ({@code container.privileged} or {@code
 *     --privileged} through {@code container.allowed_options})
 * @param hostVolumes whether workflows may bind-mount host paths (through {@code
 *     container.valid_volumes})
 */
public record PolicySection(
    Optional<String> profile,
    List<String> allowedRefs,
    boolean requireProtected,
    List<String> refusedEvents,
    List<String> repositories,
    List<String> registries,
    boolean dockerSocket,
    boolean privileged,
    boolean hostVolumes) {
  private static final PolicySection OPEN =
      new PolicySection(
          Optional.empty(), List.of(), false, List.of(), List.of(), List.of(), true, true, true);

  public PolicySection {
    Objects.requireNonNull(profile, "profile");
    allowedRefs = List.copyOf(allowedRefs);
    refusedEvents = List.copyOf(refusedEvents);
    repositories = List.copyOf(repositories);
    registries = List.copyOf(registries);
  }

  /** No profile: every task is accepted; only {@code container:} limits what jobs get. */
  public static PolicySection open() {
    return OPEN;
  }

  /** Whether this policy refuses anything at all (else it need not be checked or logged). */
  public boolean restricts() {
    return !allowedRefs.isEmpty()
        || requireProtected
        || !refusedEvents.isEmpty()
        || !repositories.isEmpty()
        || !registries.isEmpty()
        || !dockerSocket
        || !privileged
        || !hostVolumes;
  }

  /**
   * The config key a user edits to change {@code key} of this policy: {@code
   * profiles.prod.policy.refs.allowed}, or {@code policy.<key>} without a profile.
   */
  public String keyOf(String key) {
    return profile.map(p -> "profiles." + p + ".").orElse("") + "policy." + key;
  }

  /** The config key of {@code container.<key>} for this policy's profile. */
  public String containerKeyOf(String key) {
    return profile.map(p -> "profiles." + p + ".").orElse("") + "container." + key;
  }

  static PolicySection read(YamlSection s, String profile) {
    YamlSection refs = s.section("refs");
    List<String> allowed = refs.strings("allowed");
    boolean requireProtected = refs.bool("require_protected", false);
    refs.warnUnknownKeys();
    YamlSection events = s.section("events");
    List<String> refused =
        events.strings("refused").stream().map(e -> e.strip().toLowerCase(Locale.ROOT)).toList();
    events.warnUnknownKeys();
    PolicySection policy =
        new PolicySection(
            Optional.of(profile),
            allowed,
            requireProtected,
            refused,
            s.strings("repositories"),
            s.strings("registries"),
            s.bool("docker_socket", true),
            s.bool("privileged", true),
            s.bool("host_volumes", true));
    s.warnUnknownKeys();
    return policy;
  }

  /**
   * Problems of {@code container} under this policy: a setting of the runner that already gives
   * every job what the policy forbids. Each names both keys.
   */
  List<String> conflicts(ContainerSection container) {
    List<String> out = new java.util.ArrayList<>();
    String host = container.dockerHost().strip();
    if (!dockerSocket && !host.isEmpty() && !host.equals("-")) {
      out.add(
          containerKeyOf("docker_host")
              + " is "
              + host
              + ", which gives every job the Docker engine, but "
              + keyOf("docker_socket")
              + " is false; set docker_host to - or allow the socket");
    }
    if (!privileged && container.privileged()) {
      out.add(
          containerKeyOf("privileged")
              + " is true, but "
              + keyOf("privileged")
              + " is false; set one of them");
    }
    if (!privileged
        && container.allowedOptions().stream()
            .anyMatch(o -> o.replaceFirst("^-+", "").equals("privileged"))) {
      out.add(
          containerKeyOf("allowed_options")
              + " names --privileged, but "
              + keyOf("privileged")
              + " is false; remove it from allowed_options or allow privileged");
    }
    return out;
  }
}
