// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.util.Objects;

/**
 * A registered runner's identity, sent as {@code x-runner-uuid} and {@code x-runner-token}. {@link
 * #toString()} never shows the token.
 */
public record RunnerCredentials(String uuid, String token) {
  public RunnerCredentials {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "RunnerCredentials[uuid=" + uuid + ", token=***]";
  }
}
