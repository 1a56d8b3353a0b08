// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import io.jrunner.config.CacheSection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's cache as forgejo-runner sets it up (protocol.md §6.4): the internal {@link
 * CacheServer} on loopback (unless {@code cache.external_server} is set), and the {@link
 * CacheProxy} on all interfaces, which is what jobs reach. Implements {@link CacheRuns} for the
 * task handler.
 *
 * <p>Both listen from the start, but the store opens its index at the first request that needs it
 * ({@link CacheStore#openLazily}): an idle runner does not pay for it.
 *
 * <p>Thread-safe. {@link #close()} stops proxy, server and store.
 */
public final class CacheService implements CacheRuns, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheService.class);

  private final Optional<CacheStore> store;
  private final Optional<CacheServer> server;
  private final CacheProxy proxy;
  private final CacheCounters counters;
  private final Clock clock;

  private CacheService(
      Optional<CacheStore> store,
      Optional<CacheServer> server,
      CacheProxy proxy,
      CacheCounters counters,
      Clock clock) {
    this.store = store;
    this.server = server;
    this.proxy = proxy;
    this.counters = counters;
    this.clock = clock;
  }

  /** The cache could not be set up; the message says what to change. */
  public static final class SetupException extends Exception {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts the cache of {@code config} (which must be enabled).
   *
   * @param home the service user's home, for the default {@code cache.dir}
   * @throws SetupException when the store's directory cannot be created or another process uses it,
   *     a port is taken, an external server has no secret, or no address for jobs can be found
   */
  public static CacheService start(CacheSection config, Path home, Clock clock)
      throws SetupException {
    CacheCounters counters = new CacheCounters();
    Optional<CacheStore> store = Optional.empty();
    Optional<CacheServer> server = Optional.empty();
    try {
      String secret = config.secret();
      URI serverUrl;
      if (config.externalServer().isEmpty()) {
        if (secret.isEmpty()) {
          byte[] b = new byte[64];
          new SecureRandom().nextBytes(b);
          secret = HexFormat.of().formatHex(b);
        }
        Path dir = config.resolvedDir(home);
        store = Optional.of(CacheStore.openLazily(dir, config.maxSizeBytes(), clock, counters));
        server =
            Optional.of(
                CacheServer.bind(
                    store.get(),
                    secret,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()),
                    clock));
        serverUrl = URI.create("http://127.0.0.1:" + server.get().port());
        LOG.info("cache server: {} in {}", serverUrl, dir);
      } else {
        if (secret.isEmpty()) {
          throw new SetupException(
              "cache.secret must be set to use cache.external_server " + config.externalServer(),
              null);
        }
        serverUrl = URI.create(config.externalServer());
      }
      String host = config.host();
      if (host.isEmpty() && config.actionsCacheUrlOverride().isEmpty()) {
        host =
            OutboundAddress.detect()
                .orElseThrow(
                    () ->
                        new SetupException(
                            "cannot find an address of this machine that jobs can reach; set"
                                + " cache.host",
                            null));
      }
      CacheProxy proxy =
          CacheProxy.start(
              serverUrl,
              secret,
              new InetSocketAddress(config.proxyPort()),
              host,
              config.actionsCacheUrlOverride(),
              server.<Runnable>map(s -> s::serve).orElse(() -> {}));
      return new CacheService(store, server, proxy, counters, clock);
    } catch (IOException | CacheException | IllegalArgumentException e) {
      server.ifPresent(CacheServer::close);
      store.ifPresent(CacheStore::close);
      throw new SetupException("cannot start the cache: " + e.getMessage(), e);
    } catch (SetupException e) {
      server.ifPresent(CacheServer::close);
      store.ifPresent(CacheStore::close);
      throw e;
    }
  }

  /** The base of every job's {@code ACTIONS_CACHE_URL} (the run key and a slash follow). */
  public String baseUrl() {
    return proxy.externalUrl();
  }

  /** The internal server's counters (all zero with an external server). */
  public CacheCounters counters() {
    return counters;
  }

  @Override
  public Optional<Lease> open(String repository, String runNumber, String writeIsolationKey) {
    String key =
        proxy.addRun(repository, runNumber, clock.instant().getEpochSecond(), writeIsolationKey);
    String url = proxy.externalUrl() + "/" + key + "/";
    return Optional.of(
        new Lease() {
          @Override
          public String url() {
            return url;
          }

          @Override
          public void close() {
            proxy.removeRun(key);
          }
        });
  }

  @Override
  public void close() {
    proxy.close();
    server.ifPresent(CacheServer::close);
    store.ifPresent(CacheStore::close);
    CacheCounters.Snapshot s = counters.snapshot();
    if (store.isPresent()) {
      LOG.info(
          "cache: {} hits, {} misses, {} bytes in, {} bytes out",
          s.hits(),
          s.misses(),
          s.bytesIn(),
          s.bytesOut());
    }
  }
}
