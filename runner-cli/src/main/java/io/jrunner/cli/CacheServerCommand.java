// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cache.CacheCounters;
import io.jrunner.cache.CacheException;
import io.jrunner.cache.CacheServer;
import io.jrunner.cache.CacheStore;
import io.jrunner.cache.OutboundAddress;
import io.jrunner.config.CacheSection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jrunner cache-server}: the cache server alone, for several runners that point {@code
 * cache.external_server} at it and share {@code cache.secret} (forgejo-runner's flags). Runs until
 * SIGTERM/SIGINT.
 */
@Command(
    name = "cache-server",
    description = "Run the actions/cache server alone, for runners with cache.external_server.")
final class CacheServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CacheServerCommand.class);

  @Mixin CommonOptions common;

  @Option(
      names = {"-d", "--dir"},
      description = "cache directory (default: cache.dir)")
  String dir = "";

  @Option(
      names = {"-s", "--host"},
      description = "host of the cache server, for its log line (default: cache.host or detected)")
  String host = "";

  @Option(
      names = {"-p", "--port"},
      description = "port of the cache server (default: cache.port)")
  int port;

  @Option(names = "--secret", description = "shared cache secret (default: cache.secret)")
  String secret = "";

  private final CliContext context;

  CacheServerCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    CacheSection config = common.load(context.env()).config().cache();
    String theSecret = secret.isEmpty() ? config.secret() : secret;
    if (theSecret.isEmpty()) {
      throw new UserError(
          ExitCode.CONFIG, "no cache secret: set cache.secret in the config file or --secret");
    }
    Path directory =
        dir.isEmpty()
            ? config.resolvedDir(Path.of(System.getProperty("user.home")))
            : Path.of(dir).toAbsolutePath();
    String shownHost =
        !host.isEmpty()
            ? host
            : !config.host().isEmpty() ? config.host() : OutboundAddress.detect().orElse("0.0.0.0");
    CacheCounters counters = new CacheCounters();
    CacheStore store;
    CacheServer server;
    try {
      store = CacheStore.open(directory, config.maxSizeBytes(), context.clock(), counters);
    } catch (IOException | CacheException e) {
      throw new UserError(
          ExitCode.FAILURE, "cannot open the cache in " + directory + ": " + e.getMessage());
    }
    try {
      server =
          CacheServer.start(
              store,
              theSecret,
              new InetSocketAddress(port != 0 ? port : config.port()),
              context.clock());
    } catch (IOException e) {
      store.close();
      throw new UserError(
          ExitCode.FAILURE, "cannot listen for the cache server: " + e.getMessage());
    }
    LOG.info("cache server is listening on http://{}:{} ({})", shownHost, server.port(), directory);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              store.close();
              CacheCounters.Snapshot s = counters.snapshot();
              LOG.info(
                  "cache server stopped: {} hits, {} misses, {} bytes in, {} bytes out",
                  s.hits(),
                  s.misses(),
                  s.bytesIn(),
                  s.bytesOut());
              stopped.countDown();
            },
            "cache-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return ExitCode.OK.code();
  }
}
