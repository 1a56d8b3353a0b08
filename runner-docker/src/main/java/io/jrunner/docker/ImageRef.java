// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.util.Locale;
import java.util.Objects;

/**
 * An image reference split the way Docker splits it: the first path component is a registry host
 * when it contains a {@code .} or a {@code :} or is {@code localhost}; otherwise the image is on
 * Docker Hub ({@code node:20} is {@code docker.io/library/node:20}).
 *
 * @param registry the registry host (with port), {@code docker.io} for Docker Hub
 * @param repository the path inside the registry, e.g. {@code library/node}
 * @param tag the tag, empty when none is written (Docker then pulls {@code latest})
 * @param digest the digest ({@code sha256:…}), empty when none is written
 */
record ImageRef(String registry, String repository, String tag, String digest) {
  /** Docker Hub's canonical host name. */
  static final String DOCKER_HUB = "docker.io";

  /** The key under which {@code docker login} stores Docker Hub logins in {@code config.json}. */
  static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

  ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * Splits {@code reference}. Lenient: it does not validate characters, the daemon does that.
   *
   * @throws IllegalArgumentException when the reference is empty or has an empty path
   */
  static ImageRef parse(String reference) {
    String rest = reference.strip();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = normalizeHost(first);
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    if (repository.isEmpty() || repository.startsWith("/") || repository.endsWith("/")) {
      throw new IllegalArgumentException("invalid image reference: " + reference);
    }
    return new ImageRef(registry, repository, tag, digest);
  }

  /**
   * A registry host as {@code config.json} keys and image references write it, reduced to what
   * Docker compares: no scheme, no path, lower case, Docker Hub's aliases as {@code docker.io}.
   */
  static String normalizeHost(String hostOrUrl) {
    String host = hostOrUrl.strip();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> host;
    };
  }

  /** Whether the image is on Docker Hub. */
  boolean dockerHub() {
    return registry.equals(DOCKER_HUB);
  }

  /**
   * The server address to send with credentials: Docker Hub's legacy login URL for Docker Hub, the
   * host otherwise (as {@code docker login HOST} stores it).
   */
  String serverAddress() {
    return dockerHub() ? DOCKER_HUB_CONFIG_KEY : registry;
  }
}
