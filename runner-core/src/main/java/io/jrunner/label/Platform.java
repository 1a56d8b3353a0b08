// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import java.util.Objects;

/**
 * Where a job whose {@code runs-on} matches a label is executed: the {@code schema:arg} half of a
 * label. A closed set; switch over it without a {@code default} so a new kind breaks the compile
 * where it must be handled. Immutable and thread-safe.
 */
public sealed interface Platform {

  /** The schema word as written in a label ({@code docker}, {@code host}, {@code lxc}). */
  String schema();

  /**
   * Run the job in a container of {@code image} ({@code name:docker://IMAGE}, or a bare name).
   *
   * @param image a non-blank image reference, without the {@code //} prefix
   */
  record DockerPlatform(String image) implements Platform {
    public DockerPlatform {
      Objects.requireNonNull(image, "image");
      if (image.isBlank()) {
        throw new IllegalArgumentException("docker image must not be blank");
      }
    }

    @Override
    public String schema() {
      return "docker";
    }
  }

  /** Run the job's steps directly on the runner's host ({@code name:host}). */
  record HostPlatform() implements Platform {
    @Override
    public String schema() {
      return "host";
    }
  }

  /**
   * Run the job in an LXC container ({@code name:lxc://TEMPLATE}). Parsed for compatibility with
   * forgejo-runner's label syntax, but <b>jrunner cannot execute it</b>: a job that picks an LXC
   * label fails with a clear error.
   *
   * @param spec the LXC template spec, without the {@code //} prefix (e.g. {@code debian:bookworm})
   */
  record LxcPlatform(String spec) implements Platform {
    public LxcPlatform {
      Objects.requireNonNull(spec, "spec");
      if (spec.isBlank()) {
        throw new IllegalArgumentException("lxc spec must not be blank");
      }
    }

    @Override
    public String schema() {
      return "lxc";
    }
  }
}
