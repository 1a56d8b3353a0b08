// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.CacheService;
import io.jrunner.config.CacheSection;
import io.jrunner.docker.CacheReach;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache of one {@code jrunner exec}: the internal server and proxy, one run registered for the
 * whole exec (the working directory's repository, no write isolation), its URL put into the jobs'
 * environment unless {@code --env ACTIONS_CACHE_URL=…} set one. When the default directory's index
 * is held by another jrunner (a daemon or another exec of the same user), the run uses a temporary
 * cache, removed at the end, instead of none. Closing stops it.
 */
final class LocalCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCache.class);

  private final Optional<CacheService> service;
  private final Optional<CacheRuns.Lease> lease;
  private final Optional<Path> temporary;

  private LocalCache(
      Optional<CacheService> service, Optional<CacheRuns.Lease> lease, Optional<Path> temporary) {
    this.service = service;
    this.lease = lease;
    this.temporary = temporary;
  }

  static LocalCache start(
      boolean disabled, Path dir, Path workingDirectory, Map<String, String> env, Clock clock) {
    return start(disabled, dir, workingDirectory, env, Optional.empty(), clock);
  }

  /**
   * @param reach when jrunner runs in a container: jobs reach the proxy by its host name
   */
  static LocalCache start(
      boolean disabled,
      Path dir,
      Path workingDirectory,
      Map<String, String> env,
      Optional<CacheReach> reach,
      Clock clock) {
    if (disabled || env.containsKey("ACTIONS_CACHE_URL")) {
      return new LocalCache(Optional.empty(), Optional.empty(), Optional.empty());
    }
    CacheSection defaults = CacheSection.defaults();
    CacheSection config =
        new CacheSection(
            true,
            0,
            dir == null ? "" : dir.toAbsolutePath().toString(),
            "",
            "",
            reach.map(CacheReach::host).orElse(""),
            0,
            "",
            defaults.maxSizeMb());
    Optional<Path> temporary = Optional.empty();
    Optional<CacheService> service;
    if (dir != null) {
      service = CacheStartup.start(config, clock);
    } else {
      try {
        service =
            Optional.of(
                CacheService.start(config, Path.of(System.getProperty("user.home")), clock));
      } catch (CacheService.SetupException e) {
        // Typically another jrunner (a daemon, another exec) holds the default cache's index.
        temporary = temporaryDir();
        LOG.warn(
            "{}; this run uses a temporary cache{} (--cache-server-path DIR keeps one)",
            e.getMessage(),
            temporary.map(t -> " in " + t + ", removed at the end").orElse(""));
        service =
            temporary.isEmpty()
                ? Optional.empty()
                : CacheStartup.start(withDir(config, temporary.get()), clock);
      }
    }
    Path abs = workingDirectory.toAbsolutePath().normalize();
    Path name = abs.getFileName();
    String repository =
        LocalGit.of(abs)
            .flatMap(LocalGit::repository)
            .orElse("local/" + (name == null ? "workspace" : name.toString()));
    Optional<CacheRuns.Lease> lease = service.flatMap(s -> s.open(repository, "1", ""));
    lease.ifPresent(l -> env.put("ACTIONS_CACHE_URL", l.url()));
    return new LocalCache(service, lease, temporary);
  }

  private static Optional<Path> temporaryDir() {
    try {
      return Optional.of(Files.createTempDirectory("jrunner-exec-cache-"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static CacheSection withDir(CacheSection c, Path dir) {
    return new CacheSection(
        c.enabled(),
        c.port(),
        dir.toString(),
        c.externalServer(),
        c.secret(),
        c.host(),
        c.proxyPort(),
        c.actionsCacheUrlOverride(),
        c.maxSizeMb());
  }

  @Override
  public void close() {
    lease.ifPresent(CacheRuns.Lease::close);
    service.ifPresent(CacheService::close);
    temporary.ifPresent(LocalCache::delete);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove the temporary cache {}: {}", dir, e.getMessage());
    }
  }
}
