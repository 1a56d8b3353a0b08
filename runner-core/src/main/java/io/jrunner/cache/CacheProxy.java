// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-runner cache proxy (forgejo-runner's {@code cacheproxy}): each running task has a random
 * 8-hex run key; {@code /<runKey>/_apis/artifactcache/…} is forwarded to the cache server with the
 * task's signed {@link RunData} headers. The run key is the capability: an unknown key gets 403.
 * Bodies are streamed both ways.
 *
 * <p>Thread-safe; one virtual thread per request. {@link #close()} stops listening.
 */
public final class CacheProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheProxy.class);
  private static final Pattern ROUTE = Pattern.compile("/(\\w+)(" + CacheServer.BASE + "/.+)");
  private static final List<String> RESPONSE_HEADERS =
      List.of("Content-Type", "Content-Range", "Accept-Ranges");

  private final URI server;
  private final Runnable upstream;
  private final String secret;
  private final String externalUrl;
  private final HttpServer http;
  private final ExecutorService threads;

  /** Built at the first forwarded request (its classes and selector thread cost an idle runner). */
  private final ReentrantLock clientLock = new ReentrantLock();

  private HttpClient client;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, RunData> runs = new ConcurrentHashMap<>();

  private CacheProxy(
      URI server, String secret, HttpServer http, String externalUrl, Runnable upstream) {
    this.server = server;
    this.upstream = upstream;
    this.secret = secret;
    this.http = http;
    this.externalUrl = externalUrl;
    this.threads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cache-proxy-", 0).factory());
    http.setExecutor(threads);
    http.createContext("/", this::handle);
  }

  /**
   * Starts a proxy for {@code server} on {@code address}.
   *
   * @param server the cache server's base URL (no trailing slash needed)
   * @param secret the secret shared with the server
   * @param externalUrl how jobs reach this proxy, or {@code ""} for {@code http://<host>:<port>}
   * @param host the host for the default external URL
   * @param upstream run once, before the first request is forwarded: it starts the runner's
   *     internal server ({@link CacheServer#serve})
   */
  public static CacheProxy start(
      URI server,
      String secret,
      InetSocketAddress address,
      String host,
      String externalUrl,
      Runnable upstream)
      throws IOException {
    HttpServer http = HttpServer.create(address, 0);
    String ext =
        externalUrl.isEmpty()
            ? "http://" + hostPart(host) + ":" + http.getAddress().getPort()
            : trimSlash(externalUrl);
    URI base = URI.create(trimSlash(server.toString()));
    CacheProxy proxy = new CacheProxy(base, secret, http, ext, upstream);
    http.start();
    return proxy;
  }

  private HttpClient client() {
    clientLock.lock();
    try {
      if (client == null) {
        upstream.run();
        client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(threads)
                .build();
      }
      return client;
    } finally {
      clientLock.unlock();
    }
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The base URL jobs get, without a run key and without a trailing slash. */
  public String externalUrl() {
    return externalUrl;
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Registers a run and returns its new run key (8 hex digits); requests under it carry the run's
   * repository and write-isolation key, signed now.
   */
  public String addRun(String repository, String runNumber, long nowSeconds, String wik) {
    RunData data = RunData.signed(secret, repository, runNumber, nowSeconds, wik);
    for (int i = 0; i < 3; i++) {
      byte[] b = new byte[4];
      random.nextBytes(b);
      String key = HexFormat.of().formatHex(b);
      if (runs.putIfAbsent(key, data) == null) {
        return key;
      }
    }
    throw new IllegalStateException("repeated collisions of cache run keys");
  }

  /** Forgets a run key; later requests under it get 403. */
  public void removeRun(String runKey) {
    runs.remove(runKey);
  }

  private void handle(HttpExchange ex) {
    try {
      forward(ex);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cache proxy: {} {}: {}",
          ex.getRequestMethod(),
          ex.getRequestURI().getPath(),
          e.toString());
      try {
        HttpIo.error(ex, 502, "cache proxy: " + e.getMessage());
      } catch (IOException | RuntimeException ignored) {
        // The answer had begun or the client is gone.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ex.close();
    }
  }

  private void forward(HttpExchange ex) throws IOException, InterruptedException {
    Matcher m = ROUTE.matcher(ex.getRequestURI().getRawPath());
    if (!m.matches()) {
      HttpIo.drain(ex);
      HttpIo.error(ex, 404, "404 page not found");
      return;
    }
    RunData run = runs.get(m.group(1));
    if (run == null) {
      LOG.warn("cache proxy: request for run key {}, which does not exist", m.group(1));
      HttpIo.drain(ex);
      HttpIo.error(ex, 403, "validation error");
      return;
    }
    String query = ex.getRequestURI().getRawQuery();
    URI target = URI.create(server + m.group(2) + (query == null ? "" : "?" + query));
    String method = ex.getRequestMethod();
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    HttpRequest.BodyPublisher body;
    if (method.equals("GET") || method.equals("HEAD") || "0".equals(length)) {
      body = HttpRequest.BodyPublishers.noBody();
    } else if (length != null) {
      body =
          HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody),
              Long.parseLong(length.trim()));
    } else {
      body = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(target)
            .method(method, body)
            .header(RunData.HEADER_REPO, run.repository())
            .header(RunData.HEADER_RUN_NUMBER, run.runNumber())
            .header(RunData.HEADER_RUN_ID, m.group(1))
            .header(RunData.HEADER_TIMESTAMP, run.timestamp())
            .header(RunData.HEADER_MAC, run.mac())
            .header(RunData.HEADER_HOST, externalUrl);
    if (!run.writeIsolationKey().isEmpty()) {
      req.header(RunData.HEADER_WRITE_ISOLATION_KEY, run.writeIsolationKey());
    }
    for (String h : List.of("Content-Type", "Content-Range", "Range", "Accept")) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        req.header(h, v);
      }
    }
    HttpResponse<InputStream> resp =
        client().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = resp.body()) {
      for (String h : RESPONSE_HEADERS) {
        resp.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
      }
      long len = resp.headers().firstValueAsLong("Content-Length").orElse(-2);
      int status = resp.statusCode();
      if (status == 204 || status == 304 || method.equals("HEAD") || len == 0) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, len < 0 ? 0 : len);
      try (OutputStream out = ex.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
