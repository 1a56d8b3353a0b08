// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.LineSink;
import io.jrunner.exec.RegistryCredentials;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an image is present: used as is when it is there (unless {@code forcePull}), pulled
 * otherwise, with the credentials {@link RegistryAuth} picks for it. Writes a few lines to the
 * job's setup log (what is pulled and with whose credentials, a summary of the layers, the digest);
 * never a secret. Thread-safe.
 */
final class Images {
  private static final Logger LOG = LoggerFactory.getLogger(Images.class);

  private final DockerClient docker;
  private final boolean forcePull;
  private final RegistryAuth auth;
  private final OptionPolicy policy;

  /** Falls back to the runner user's Docker config ({@link RegistryAuth#fromEnvironment()}). */
  Images(DockerClient docker, boolean forcePull) {
    this(docker, forcePull, RegistryAuth.fromEnvironment());
  }

  Images(DockerClient docker, boolean forcePull, RegistryAuth auth) {
    this(docker, forcePull, auth, OptionPolicy.STRICT);
  }

  /**
   * @param policy refuses images of registries a profile's {@code policy.registries} does not name,
   *     before anything is pulled (also for images already on the machine)
   */
  Images(DockerClient docker, boolean forcePull, RegistryAuth auth, OptionPolicy policy) {
    this.policy = policy;
    this.docker = docker;
    this.forcePull = forcePull;
    this.auth = auth;
  }

  /**
   * Pulls {@code image}, which has no {@code credentials:} of its own (a {@code docker://} step, a
   * Docker action), unless it is present: with the runner user's Docker login for its registry, if
   * any. See {@link #ensure(String, Optional, String, LineSink)}.
   */
  void ensure(String image, LineSink log) throws BackendException {
    ensure(image, Optional.empty(), "", log);
  }

  /**
   * Pulls {@code image} unless it is present (and pulls are not forced).
   *
   * @param credentials the container's own credentials, if any
   * @param field where the container is in the workflow ({@code container}, {@code services.db}),
   *     named in the log and in errors; empty when the image cannot have credentials
   * @throws BackendException when the image cannot be pulled; the message names the image, the
   *     registry, whether and whose credentials were sent, and what to check when the registry
   *     refused them
   */
  void ensure(String image, Optional<RegistryCredentials> credentials, String field, LineSink log)
      throws BackendException {
    checkRegistry(image, field.isEmpty() ? "image" : field, policy);
    boolean present = present(image);
    if (!forcePull && present) {
      return;
    }
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      throw new BackendException((field.isEmpty() ? "" : field + ": ") + e.getMessage(), e);
    }
    RegistryAuth.PullAuth pull = auth.resolve(ref, credentials, field);
    for (String note : pull.notes()) {
      log.line(false, note);
      LOG.debug("{}", note);
    }
    log.line(
        false,
        "Pulling image "
            + image
            + (pull.source().isEmpty() ? "" : " (credentials: " + pull.source() + ")"));
    PullProgress progress = new PullProgress(log);
    String reason;
    try {
      docker
          .pullImageCmd(image)
          .withAuthConfig(pull.config().orElse(null))
          .exec(progress)
          .awaitCompletion();
      Optional<String> error = progress.error();
      if (error.isEmpty()) {
        return;
      }
      reason = error.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while pulling " + image, e);
    } catch (RuntimeException e) {
      reason = reason(e);
    }
    throw new BackendException(pull.scrub(failure(image, present, ref, pull, reason)));
  }

  private static String failure(
      String image, boolean present, ImageRef ref, RegistryAuth.PullAuth pull, String reason) {
    StringBuilder m = new StringBuilder("image ").append(image);
    m.append(present ? " cannot be pulled" : " is not on this machine and cannot be pulled");
    m.append(" from ").append(ref.registry());
    m.append(
        pull.source().isEmpty() ? " (no credentials)" : " (credentials: " + pull.source() + ")");
    m.append(": ").append(reason);
    if (refused(reason)) {
      m.append("; ").append(pull.hint());
    }
    return m.toString();
  }

  /** Whether the registry's answer says the credentials are missing or wrong. */
  static boolean refused(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return r.contains("unauthorized")
        || r.contains("authentication required")
        || r.contains("no basic auth credentials")
        || r.contains("access denied")
        || r.contains("denied:")
        || r.contains("401");
  }

  /** The daemon's message out of docker-java's {@code Status NNN: {"message":"…"}}. */
  static String reason(Throwable e) {
    return DockerFailures.reason(e);
  }

  private boolean present(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Checks {@code image}'s registry against the profile's {@code policy.registries}.
   *
   * @throws BackendException for a malformed reference or a refused registry
   */
  static void checkRegistry(String image, String where, OptionPolicy policy)
      throws BackendException {
    if (policy.policy().registries().isEmpty()) {
      return;
    }
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      throw new BackendException(where + ": " + e.getMessage(), e);
    }
    policy.checkRegistry(image, ref.registry(), where);
  }
}
