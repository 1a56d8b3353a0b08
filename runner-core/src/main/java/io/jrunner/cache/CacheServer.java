// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache server: forgejo-runner's six {@code /_apis/artifactcache} routes over a {@link
 * CacheStore}, every request authenticated by the {@link RunData} headers the proxy adds (bad MAC
 * or a timestamp in the future: 403). Bodies are streamed both ways.
 *
 * <p>One virtual thread per request; thread-safe. {@link #close()} stops listening.
 */
public final class CacheServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheServer.class);
  static final String BASE = "/_apis/artifactcache";
  private static final Pattern ID_ROUTE = Pattern.compile(BASE + "/(caches|artifacts)/([^/]+)");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final CacheStore store;
  private final String secret;
  private final Clock clock;
  private final HttpServer http;
  private final ExecutorService threads;

  /** The body of a reservation. */
  private record Reserve(String key, String version, Long cacheSize) {}

  private final ReentrantLock serveLock = new ReentrantLock();
  private boolean serving;

  private CacheServer(CacheStore store, String secret, Clock clock, HttpServer http) {
    this.store = store;
    this.secret = secret;
    this.clock = clock;
    this.http = http;
    this.threads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cache-", 0).factory());
    http.setExecutor(threads);
    http.createContext("/", this::handle);
  }

  /**
   * Serves {@code store} on {@code address} (port 0: a free one).
   *
   * @param secret the secret shared with the proxies; must not be empty
   */
  public static CacheServer start(
      CacheStore store, String secret, InetSocketAddress address, Clock clock) throws IOException {
    CacheServer server = bind(store, secret, address, clock);
    server.serve();
    return server;
  }

  /**
   * Binds {@code address} (so that {@link #port()} is known and connections queue) without serving
   * yet: the runner's internal server, started by {@link #serve()} when its proxy forwards the
   * first request, so that a runner whose jobs never use the cache has no dispatcher for it.
   *
   * @param secret the secret shared with the proxies; must not be empty
   */
  public static CacheServer bind(
      CacheStore store, String secret, InetSocketAddress address, Clock clock) throws IOException {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the cache server needs a secret");
    }
    return new CacheServer(store, secret, clock, HttpServer.create(address, 0));
  }

  /** Starts answering; idempotent, any thread. */
  public void serve() {
    serveLock.lock();
    try {
      if (!serving) {
        http.start();
        serving = true;
      }
    } finally {
      serveLock.unlock();
    }
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    try {
      route(ex);
    } catch (CacheException e) {
      LOG.error(
          "cache: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.getMessage());
      answerQuietly(ex, 500, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cache: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
      answerQuietly(ex, 500, "cache server error: " + e.getMessage());
    } finally {
      ex.close();
      store.gcIfDue();
    }
  }

  private static void answerQuietly(HttpExchange ex, int status, String message) {
    try {
      HttpIo.error(ex, status, message);
    } catch (IOException | RuntimeException e) {
      // Headers were already sent or the client is gone.
    }
  }

  private void route(HttpExchange ex) throws IOException, CacheException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    Matcher m = ID_ROUTE.matcher(path);
    boolean known =
        (method.equals("GET") && path.equals(BASE + "/cache"))
            || (method.equals("POST") && path.equals(BASE + "/caches"))
            || (method.equals("POST") && path.equals(BASE + "/clean"))
            || (m.matches()
                && ((m.group(1).equals("caches")
                        && (method.equals("PATCH") || method.equals("POST")))
                    || (m.group(1).equals("artifacts") && method.equals("GET"))));
    if (!known) {
      HttpIo.drain(ex);
      HttpIo.error(ex, 404, "404 page not found");
      return;
    }
    RunData run = runData(ex);
    if (!run.valid(secret, clock.instant().getEpochSecond())) {
      HttpIo.drain(ex);
      HttpIo.error(ex, 403, "validation error");
      return;
    }
    if (path.equals(BASE + "/cache")) {
      find(ex, run);
    } else if (path.equals(BASE + "/caches")) {
      reserve(ex, run);
    } else if (path.equals(BASE + "/clean")) {
      HttpIo.drain(ex);
      HttpIo.json(ex, 200, Map.of());
    } else {
      long id;
      try {
        id = Long.parseUnsignedLong(m.group(2));
      } catch (NumberFormatException e) {
        HttpIo.drain(ex);
        HttpIo.error(ex, 400, "invalid cache id \"" + m.group(2) + "\"");
        return;
      }
      if (m.group(1).equals("artifacts")) {
        get(ex, run, id);
      } else if (method.equals("PATCH")) {
        upload(ex, run, id);
      } else {
        commit(ex, run, id);
      }
    }
  }

  private static RunData runData(HttpExchange ex) {
    var h = ex.getRequestHeaders();
    return new RunData(
        Optional.ofNullable(h.getFirst(RunData.HEADER_REPO)).orElse(""),
        Optional.ofNullable(h.getFirst(RunData.HEADER_RUN_NUMBER)).orElse(""),
        Optional.ofNullable(h.getFirst(RunData.HEADER_TIMESTAMP)).orElse(""),
        Optional.ofNullable(h.getFirst(RunData.HEADER_MAC)).orElse(""),
        Optional.ofNullable(h.getFirst(RunData.HEADER_WRITE_ISOLATION_KEY)).orElse(""));
  }

  private void find(HttpExchange ex, RunData run) throws IOException, CacheException {
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    List<String> keys = Arrays.asList(query.getOrDefault("keys", "").split(",", -1));
    String version = query.getOrDefault("version", "");
    Optional<CacheEntry> hit = store.find(run.repository(), keys, version, run.writeIsolationKey());
    if (hit.isEmpty()) {
      LOG.info("cache miss: {} {}", run.repository(), keys);
      HttpIo.json(ex, 204, Map.of());
      return;
    }
    LOG.info("cache hit: {} {} -> {}", run.repository(), keys, hit.get().key());
    String host =
        Optional.ofNullable(ex.getRequestHeaders().getFirst(RunData.HEADER_HOST)).orElse("");
    String runId =
        Optional.ofNullable(ex.getRequestHeaders().getFirst(RunData.HEADER_RUN_ID)).orElse("");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("result", "hit");
    body.put("archiveLocation", host + "/" + runId + BASE + "/artifacts/" + hit.get().id());
    body.put("cacheKey", hit.get().key());
    HttpIo.json(ex, 200, body);
  }

  private void reserve(HttpExchange ex, RunData run) throws IOException, CacheException {
    Reserve req;
    try (InputStream in = ex.getRequestBody()) {
      req =
          CacheJson.GSON.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Reserve.class);
    } catch (JsonParseException e) {
      HttpIo.error(ex, 400, "invalid request: " + e.getMessage());
      return;
    }
    if (req == null || req.key() == null) {
      HttpIo.error(ex, 400, "invalid request: no key");
      return;
    }
    CacheEntry e =
        store.reserve(
            run.repository(),
            req.key(),
            req.version() == null ? "" : req.version(),
            req.cacheSize() == null ? 0 : req.cacheSize(),
            run.writeIsolationKey());
    HttpIo.json(ex, 200, Map.of("cacheId", e.id()));
  }

  private void upload(HttpExchange ex, RunData run, long id) throws IOException, CacheException {
    CacheStore.Access access = store.writable(id, run.repository(), run.writeIsolationKey());
    if (access instanceof CacheStore.Access.Refusal r) {
      HttpIo.drain(ex);
      HttpIo.error(ex, r.status(), r.message());
      return;
    }
    CacheEntry entry = ((CacheStore.Access.Granted) access).entry();
    String range = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Range")).orElse("");
    long start;
    try {
      start = contentRangeStart(range);
    } catch (NumberFormatException e) {
      HttpIo.drain(ex);
      HttpIo.error(ex, 400, "cache parseContentRange(" + range + "): invalid");
      return;
    }
    try (InputStream body = ex.getRequestBody()) {
      store.upload(entry, start, body);
    }
    HttpIo.json(ex, 200, Map.of());
  }

  /** {@code bytes <start>-<end>/*} → start (the end is not checked, as forgejo-runner). */
  static long contentRangeStart(String header) {
    String s = header.startsWith("bytes ") ? header.substring(6) : header;
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    int dash = s.indexOf('-');
    if (dash < 0) {
      throw new NumberFormatException(header);
    }
    long start = Long.parseUnsignedLong(s.substring(0, dash));
    Long.parseUnsignedLong(s.substring(dash + 1));
    return start;
  }

  private void commit(HttpExchange ex, RunData run, long id) throws IOException, CacheException {
    HttpIo.drain(ex);
    CacheStore.Access access = store.writable(id, run.repository(), run.writeIsolationKey());
    if (access instanceof CacheStore.Access.Refusal r) {
      HttpIo.error(ex, r.status(), r.message());
      return;
    }
    Optional<CacheStore.Access.Refusal> failed =
        store.commit(((CacheStore.Access.Granted) access).entry());
    if (failed.isPresent()) {
      HttpIo.error(ex, failed.get().status(), failed.get().message());
      return;
    }
    HttpIo.json(ex, 200, Map.of());
  }

  private void get(HttpExchange ex, RunData run, long id) throws IOException, CacheException {
    HttpIo.drain(ex);
    CacheStore.Access access = store.readable(id, run.repository(), run.writeIsolationKey());
    if (access instanceof CacheStore.Access.Refusal r) {
      HttpIo.error(ex, r.status(), r.message());
      return;
    }
    CacheEntry entry = ((CacheStore.Access.Granted) access).entry();
    try (FileChannel file = FileChannel.open(store.file(entry), StandardOpenOption.READ)) {
      long size = file.size();
      long from = 0;
      long to = size - 1;
      int status = 200;
      String range = ex.getRequestHeaders().getFirst("Range");
      Matcher rm = range == null ? null : RANGE.matcher(range.trim());
      if (rm != null && rm.matches() && !(rm.group(1).isEmpty() && rm.group(2).isEmpty())) {
        if (rm.group(1).isEmpty()) {
          from = Math.max(0, size - Long.parseLong(rm.group(2)));
        } else {
          from = Long.parseLong(rm.group(1));
          if (!rm.group(2).isEmpty()) {
            to = Math.min(to, Long.parseLong(rm.group(2)));
          }
        }
        if (from >= size || from > to) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
      }
      long length = to - from + 1;
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("Accept-Ranges", "bytes");
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      if (length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          long done = 0;
          var sink = Channels.newChannel(out);
          while (done < length) {
            done += file.transferTo(from + done, length - done, sink);
          }
          store.served(done);
        }
      }
    } catch (NoSuchFileException e) {
      HttpIo.error(ex, 404, "cache " + id + ": not reserved");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
