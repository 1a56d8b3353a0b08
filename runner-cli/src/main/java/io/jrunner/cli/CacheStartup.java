// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.CacheService;
import io.jrunner.config.CacheSection;
import io.jrunner.docker.CacheReach;
import io.jrunner.docker.EngineApi;
import io.jrunner.docker.RunnerContainer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runner's cache for the daemon and {@code exec} and logs the URL jobs get. As
 * forgejo-runner, a cache that cannot start is logged and left out: jobs run without one.
 */
final class CacheStartup {
  private static final Logger LOG = LoggerFactory.getLogger(CacheStartup.class);

  private CacheStartup() {}

  /**
   * When jrunner runs in a container of the engine jobs use and {@code cache.host} and {@code
   * actions_cache_url_override} are empty: what joins that container to each job's network, so that
   * jobs reach the cache proxy by the container's host name (docs/container.md). Asks {@code
   * engine}, the start-up client: no docker-java is loaded for it.
   *
   * @param engine the engine jobs use; empty without one (or for a TLS host, which the start-up
   *     client does not speak: then no container is detected)
   */
  static Optional<CacheReach> reach(CacheSection config, Optional<EngineApi> engine) {
    if (!config.enabled()
        || !config.host().isEmpty()
        || !config.actionsCacheUrlOverride().isEmpty()
        || engine.isEmpty()) {
      return Optional.empty();
    }
    Optional<CacheReach> reach =
        RunnerContainer.detect(engine.get()).map(self -> new CacheReach(engine.get(), self));
    reach.ifPresent(
        r ->
            LOG.info(
                "cache: jrunner runs in container {} ({}): it joins each job's network so that"
                    + " jobs reach the cache as {}",
                r.container().id().substring(0, 12),
                r.host(),
                r.host()));
    return reach;
  }

  /**
   * {@link #start(CacheSection, Clock)} with jobs given {@code reach}'s host name when jrunner runs
   * in a container.
   */
  static Optional<CacheService> start(
      CacheSection config, Optional<CacheReach> reach, Clock clock) {
    return start(reach.map(r -> withHost(config, r.host())).orElse(config), clock);
  }

  private static CacheSection withHost(CacheSection c, String host) {
    return new CacheSection(
        c.enabled(),
        c.port(),
        c.dir(),
        c.externalServer(),
        c.secret(),
        host,
        c.proxyPort(),
        c.actionsCacheUrlOverride(),
        c.maxSizeMb());
  }

  /** The started cache, or empty when disabled or it failed to start (logged). */
  static Optional<CacheService> start(CacheSection config, Clock clock) {
    if (!config.enabled()) {
      LOG.info("cache disabled (cache.enabled: false): jobs get no ACTIONS_CACHE_URL");
      return Optional.empty();
    }
    try {
      CacheService cache =
          CacheService.start(config, Path.of(System.getProperty("user.home")), clock);
      LOG.info("cache: jobs get ACTIONS_CACHE_URL={}/<run key>/", cache.baseUrl());
      return Optional.of(cache);
    } catch (CacheService.SetupException e) {
      LOG.error("{}; jobs run without a cache", e.getMessage());
      return Optional.empty();
    } catch (LinkageError e) {
      // A Java runtime made without a module the cache needs (jdk.httpserver, java.net.http).
      LOG.error(
          "cannot start the cache: this Java runtime lacks {}; jobs run without a cache",
          e.getMessage());
      return Optional.empty();
    }
  }

  /** The cache as the task handler sees it. */
  static CacheRuns runs(Optional<CacheService> cache) {
    return cache.<CacheRuns>map(c -> c).orElse(CacheRuns.NONE);
  }
}
