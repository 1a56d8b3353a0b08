// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.CacheService;
import io.jrunner.config.CacheSection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upload and download throughput of the cache server through its proxy, on loopback, with the calls
 * actions/cache makes (reserve, 32 MiB chunks PATCHed 4 at a time, commit, find, one GET). Nothing
 * is held in memory: run it with {@code -Xmx64m} and a 1 GiB entry to see the streaming.
 *
 * <p>Usage: {@code CacheThroughput <MiB per entry> <rounds> [<server URL> <secret>]}; prints one
 * line per round and the median. With a server URL the proxy forwards to that cache server (as with
 * {@code cache.external_server}), signing with the secret: {@code jrunner cache-server} or
 * forgejo-runner's {@code cache-server}, which speak the same signed {@code _apis/artifactcache}
 * routes, so both are measured with the same client, proxy and payloads.
 */
public final class CacheThroughput {
  private static final long CHUNK = 32L * 1024 * 1024;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private CacheThroughput() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String server = args.length > 3 ? args[2] : "";
    String secret = args.length > 3 ? args[3] : "";
    Path home = Files.createTempDirectory("cache-bench-");
    long size = mib * 1024 * 1024;
    List<double[]> results = new ArrayList<>();
    try (CacheService cache =
        CacheService.start(
            new CacheSection(true, 0, "", server, secret, "127.0.0.1", 0, "", 0),
            home,
            Clock.systemUTC())) {
      for (int round = 0; round < rounds; round++) {
        try (CacheRuns.Lease run = cache.open("bench/repo", "1", "").orElseThrow()) {
          String base = run.url() + "_apis/artifactcache";
          String key = "bench-" + round;
          long t0 = System.nanoTime();
          String reserved =
              send(
                  "POST",
                  base + "/caches",
                  "{\"key\":\"" + key + "\",\"version\":\"v\"," + "\"cacheSize\":" + size + "}");
          long id = Long.parseLong(field(reserved, "cacheId"));
          try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> parts = new ArrayList<>();
            for (long start = 0; start < size; start += CHUNK) {
              long from = start;
              long len = Math.min(CHUNK, size - start);
              parts.add(pool.submit(() -> patch(base + "/caches/" + id, from, len)));
            }
            for (Future<Integer> f : parts) {
              if (f.get() != 200) {
                throw new IllegalStateException("upload answered " + f.get());
              }
            }
          }
          send("POST", base + "/caches/" + id, "{\"size\":" + size + "}");
          long t1 = System.nanoTime();
          String hit = send("GET", base + "/cache?keys=" + key + "&version=v", null);
          String location = field(hit, "archiveLocation");
          HttpResponse<InputStream> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(location)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
          long got;
          try (InputStream in = r.body()) {
            got = in.transferTo(OutputStream.nullOutputStream());
          }
          long t2 = System.nanoTime();
          if (got != size) {
            throw new IllegalStateException("downloaded " + got + " of " + size + " bytes");
          }
          double up = mib / ((t1 - t0) / 1e9);
          double down = mib / ((t2 - t1) / 1e9);
          results.add(new double[] {up, down});
          System.out.printf(
              Locale.ROOT,
              "round %d: %d MiB up %.0f MiB/s, down %.0f MiB/s%n",
              round,
              mib,
              up,
              down);
        }
      }
    }
    double[] ups = results.stream().mapToDouble(a -> a[0]).sorted().toArray();
    double[] downs = results.stream().mapToDouble(a -> a[1]).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "median: up %.0f MiB/s, down %.0f MiB/s (%s; heap max %d MiB)%n",
        ups[ups.length / 2],
        downs[downs.length / 2],
        server.isEmpty() ? "internal server" : "server " + server,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  private static int patch(String url, long start, long len) throws Exception {
    InputStream body = new Pattern64(len);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Range", "bytes " + start + "-" + (start + len - 1) + "/*")
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> body), len))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String send(String method, String url, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(method + " " + url + " answered " + r.statusCode());
    }
    return r.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  /** {@code len} bytes of a repeating pattern, generated as read. */
  private static final class Pattern64 extends InputStream {
    private long left;

    Pattern64(long len) {
      this.left = len;
    }

    @Override
    public int read() {
      return left-- > 0 ? (int) (left & 0x7f) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((left - i) & 0x7f);
      }
      left -= n;
      return n;
    }
  }
}
