// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.List;
import java.util.Objects;

/**
 * What a workflow asks of a container besides its image and environment: the {@code ports}, {@code
 * volumes} and {@code options} of {@code container:} or of one of {@code services:}, with their
 * {@code ${{ }}} expressions already evaluated but otherwise as written. The backend parses and
 * checks them (a backend without containers ignores them).
 *
 * @param ports port mappings as written ({@code 8080:80}, {@code 5432}, {@code
 *     127.0.0.1:8080:80/udp})
 * @param volumes volume mounts as written ({@code name:/path}, {@code /host:/path:ro}, {@code
 *     /path})
 * @param options {@code docker create} options as one shell-quoted string; {@code ""} for none
 */
public record ContainerSetup(List<String> ports, List<String> volumes, String options) {
  /** No ports, no volumes, no options. */
  public static final ContainerSetup NONE = new ContainerSetup(List.of(), List.of(), "");

  public ContainerSetup {
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(options, "options");
  }
}
