// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.CacheService;
import io.jrunner.config.CacheSection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The cache of one {@code jrunner exec}: the internal server and proxy, one run registered for the
 * whole exec (the working directory's repository, no write isolation), its URL put into the jobs'
 * environment unless {@code --env ACTIONS_CACHE_URL=…} set one. Closing stops it.
 */
final class LocalCache implements AutoCloseable {
  private final Optional<CacheService> service;
  private final Optional<CacheRuns.Lease> lease;

  private LocalCache(Optional<CacheService> service, Optional<CacheRuns.Lease> lease) {
    this.service = service;
    this.lease = lease;
  }

  static LocalCache start(
      boolean disabled, Path dir, Path workingDirectory, Map<String, String> env, Clock clock) {
    if (disabled || env.containsKey("ACTIONS_CACHE_URL")) {
      return new LocalCache(Optional.empty(), Optional.empty());
    }
    CacheSection defaults = CacheSection.defaults();
    CacheSection config =
        new CacheSection(
            true,
            0,
            dir == null ? "" : dir.toAbsolutePath().toString(),
            "",
            "",
            "",
            0,
            "",
            defaults.maxSizeMb());
    Optional<CacheService> service = CacheStartup.start(config, clock);
    Path abs = workingDirectory.toAbsolutePath().normalize();
    Path name = abs.getFileName();
    String repository =
        LocalGit.of(abs)
            .flatMap(LocalGit::repository)
            .orElse("local/" + (name == null ? "workspace" : name.toString()));
    Optional<CacheRuns.Lease> lease = service.flatMap(s -> s.open(repository, "1", ""));
    lease.ifPresent(l -> env.put("ACTIONS_CACHE_URL", l.url()));
    return new LocalCache(service, lease);
  }

  @Override
  public void close() {
    lease.ifPresent(CacheRuns.Lease::close);
    service.ifPresent(CacheService::close);
  }
}
