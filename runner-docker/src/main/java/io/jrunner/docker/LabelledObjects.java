// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.util.List;

/**
 * The engine's containers, networks and volumes as {@link Reaper} lists and removes them, so that
 * its rules exist once whichever client asks: {@link EngineApi} at start-up (no docker-java
 * loaded), {@link DockerJavaObjects} for a job engine's docker-java client and TLS hosts.
 * Implementations are thread-safe; errors are unchecked, "not found" told by {@link #notFound}.
 */
interface LabelledObjects {
  /** Containers, running or not, carrying every entry of {@code labelFilter}. */
  List<EngineApi.Listed> containers(List<String> labelFilter);

  /** Networks carrying every entry of {@code labelFilter}. */
  List<EngineApi.Listed> networks(List<String> labelFilter);

  /** Volumes carrying every entry of {@code labelFilter}. */
  List<EngineApi.Listed> volumes(List<String> labelFilter);

  /** Removes a container by force, with its anonymous volumes. */
  void removeContainer(String id);

  void removeNetwork(String id);

  void removeVolume(String name);

  /** Whether {@code e} says the object was not found (already gone). */
  boolean notFound(RuntimeException e);
}
