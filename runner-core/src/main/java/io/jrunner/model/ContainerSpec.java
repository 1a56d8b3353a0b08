// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's {@code container:} or one of its {@code services:}; both have the same fields. The short
 * form {@code container: node:20} sets only the image.
 *
 * @param image the image reference
 * @param credentials registry credentials, if given
 * @param env the container's environment
 * @param ports port mappings as written ({@code 8080:80}, {@code 5432})
 * @param volumes volume mounts as written
 * @param options extra {@code docker create} options, if given
 * @param pos where it is defined
 */
public record ContainerSpec(
    String image,
    Optional<Credentials> credentials,
    Map<String, String> env,
    List<String> ports,
    List<String> volumes,
    Optional<String> options,
    SourcePos pos) {
  public ContainerSpec {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(credentials, "credentials");
    env = Map.copyOf(env);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(pos, "pos");
  }

  /**
   * Registry credentials; {@link #toString()} hides the password.
   *
   * @param username the user name (often an expression)
   * @param password the password (usually {@code ${{ secrets.X }}})
   */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }
}
