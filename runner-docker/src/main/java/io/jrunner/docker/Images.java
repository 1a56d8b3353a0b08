// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.LineSink;

/**
 * Makes sure an image is present: used as is when it is there (unless {@code forcePull}), pulled
 * otherwise. Thread-safe.
 */
final class Images {
  private final DockerClient docker;
  private final boolean forcePull;

  Images(DockerClient docker, boolean forcePull) {
    this.docker = docker;
    this.forcePull = forcePull;
  }

  void ensure(String image, LineSink log) throws BackendException {
    if (!forcePull && present(image)) {
      return;
    }
    log.line(false, "Pulling image " + image);
    try {
      docker.pullImageCmd(image).start().awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while pulling " + image, e);
    } catch (RuntimeException e) {
      throw new BackendException(
          "image " + image + " is not on this machine and cannot be pulled: " + e.getMessage(), e);
    }
  }

  private boolean present(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
