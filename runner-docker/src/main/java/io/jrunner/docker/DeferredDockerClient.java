// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes a job engine's docker-java client by {@link DockerClients#create} when called, for {@link
 * DockerBackend}, which calls it at its first job. Its own class, and neither a lambda nor a method
 * of {@link DockerClients}: a lambda typed {@code Supplier<DockerClient>} resolves {@code
 * DockerClient} where it is written, and verifying {@link DockerClients} loads docker-java's
 * interfaces; this class loads none until {@link #get}. Immutable.
 *
 * @param host e.g. {@code unix:///var/run/docker.sock}
 * @param responseTimeout upper bound of one API response
 */
public record DeferredDockerClient(String host, Duration responseTimeout)
    implements Supplier<DockerClient> {
  /** A new client; each call makes one (the backend keeps the first). */
  @Override
  public DockerClient get() {
    return DockerClients.create(host, responseTimeout);
  }
}
