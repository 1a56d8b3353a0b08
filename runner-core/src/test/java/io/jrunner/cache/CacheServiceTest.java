// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.config.CacheSection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The six routes through the proxy, as actions/cache calls them, with the lookup rules. */
class CacheServiceTest {
  @TempDir Path home;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private CacheService cache;

  @BeforeEach
  void start() throws Exception {
    cache =
        CacheService.start(
            new CacheSection(true, 0, "", "", "", "127.0.0.1", 0, "", 100), home, clock);
  }

  @AfterEach
  void stop() {
    cache.close();
  }

  private CacheClient run(String repo, String wik) {
    return new CacheClient(cache.open(repo, "7", wik).orElseThrow().url(), Map.of());
  }

  private long save(CacheClient c, String key, String version, byte[] data) throws Exception {
    var reserved = c.reserve(key, version, data.length);
    assertThat(reserved.status()).isEqualTo(200);
    long id = reserved.json().get("cacheId").getAsLong();
    int half = data.length / 2;
    assertThat(c.upload(id, half, java.util.Arrays.copyOfRange(data, half, data.length)).status())
        .isEqualTo(200);
    if (half > 0) {
      assertThat(c.upload(id, 0, java.util.Arrays.copyOfRange(data, 0, half)).status())
          .isEqualTo(200);
    }
    assertThat(c.commit(id, data.length).status()).isEqualTo(200);
    return id;
  }

  @Test
  void savesAndRestoresThroughTheProxy() throws Exception {
    CacheClient c = run("owner/repo", "");
    assertThat(cache.open("o/r", "1", "").orElseThrow().url())
        .matches("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{8}/");
    CacheClient.Answer miss = c.find("Linux-deps-abc,Linux-deps-", "v1");
    assertThat(miss.status()).isEqualTo(204);
    byte[] data = "hello cache, twice as long as it needs to be".getBytes(StandardCharsets.UTF_8);
    save(c, "Linux-deps-abc", "v1", data);

    CacheClient.Answer hit = c.find("Linux-deps-abc,Linux-deps-", "v1");
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.json().get("result").getAsString()).isEqualTo("hit");
    assertThat(hit.json().get("cacheKey").getAsString()).isEqualTo("linux-deps-abc");
    String location = hit.json().get("archiveLocation").getAsString();
    assertThat(location)
        .startsWith(cache.baseUrl() + "/")
        .contains("/_apis/artifactcache/artifacts/");
    HttpResponse<byte[]> body = CacheClient.download(location, Map.of());
    assertThat(body.statusCode()).isEqualTo(200);
    assertThat(body.body()).isEqualTo(data);
    assertThat(body.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
    HttpResponse<byte[]> part = CacheClient.download(location, Map.of("Range", "bytes=6-10"));
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo("cache");

    assertThat(c.clean().status()).isEqualTo(200);
    assertThat(cache.counters().snapshot())
        .satisfies(
            s -> {
              assertThat(s.hits()).isEqualTo(1);
              assertThat(s.misses()).isEqualTo(1);
              assertThat(s.bytesIn()).isEqualTo(data.length);
              assertThat(s.bytesOut()).isEqualTo(data.length + 5);
            });
    assertThat(Files.getPosixFilePermissions(home.resolve(".cache/actcache")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void lookupIsPerKeyInOrderExactThenPrefixNewestFirst() throws Exception {
    CacheClient c = run("owner/repo", "");
    save(c, "deps-old", "v1", new byte[] {1});
    clock.advance(Duration.ofSeconds(10));
    save(c, "deps-new", "v1", new byte[] {2});
    clock.advance(Duration.ofSeconds(10));
    save(c, "deps", "v1", new byte[] {3});
    save(c, "other", "v1", new byte[] {4});
    save(c, "deps-v2only", "v2", new byte[] {5});

    assertThat(key(c.find("deps", "v1"))).isEqualTo("deps");
    assertThat(key(c.find("deps-", "v1"))).isEqualTo("deps-new");
    assertThat(key(c.find("nothing,deps-o,other", "v1"))).isEqualTo("deps-old");
    assertThat(key(c.find("OTHER,deps", "v1"))).isEqualTo("other");
    assertThat(key(c.find("deps-v", "v2"))).isEqualTo("deps-v2only");
    assertThat(c.find("deps-v", "v1").status()).isEqualTo(204);
    assertThat(run("owner/another", "").find("deps", "v1").status()).isEqualTo(204);
  }

  @Test
  void aPullRequestWritesOnlyForItselfAndReadsSharedEntries() throws Exception {
    CacheClient push = run("owner/repo", "");
    CacheClient pr = run("owner/repo", "refs/pull/3/head");
    CacheClient otherPr = run("owner/repo", "refs/pull/4/head");
    long shared = save(push, "deps", "v1", new byte[] {1});
    clock.advance(Duration.ofSeconds(1));
    long isolated = save(pr, "deps", "v1", new byte[] {2});

    assertThat(id(pr.find("deps", "v1"))).isEqualTo(isolated);
    assertThat(id(push.find("deps", "v1"))).isEqualTo(shared);
    assertThat(id(otherPr.find("deps", "v1"))).isEqualTo(shared);
    CacheClient.Answer denied = otherPr.send("GET", "/artifacts/" + isolated, null, null);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("error").getAsString()).contains("write isolation");
    assertThat(push.send("GET", "/artifacts/" + isolated, null, null).status()).isEqualTo(403);
    assertThat(pr.send("GET", "/artifacts/" + shared, null, null).status()).isEqualTo(200);

    long reserved = push.reserve("later", "v1", 1).json().get("cacheId").getAsLong();
    assertThat(pr.upload(reserved, 0, new byte[] {9}).status()).isEqualTo(403);
    assertThat(pr.commit(reserved, 1).status()).isEqualTo(403);
  }

  @Test
  void statusCodesOfWrites() throws Exception {
    CacheClient c = run("owner/repo", "");
    assertThat(c.upload(999, 0, new byte[] {1}).status()).isEqualTo(404);
    assertThat(c.commit(999, 1).status()).isEqualTo(404);
    assertThat(c.send("GET", "/artifacts/999", null, null).status()).isEqualTo(404);
    assertThat(c.send("PATCH", "/caches/abc", new byte[] {1}, "bytes 0-0/*").status())
        .isEqualTo(400);
    assertThat(
            c.send("POST", "/caches", "{not json".getBytes(StandardCharsets.UTF_8), null).status())
        .isEqualTo(400);
    long id = c.reserve("k", "v1", 3).json().get("cacheId").getAsLong();
    assertThat(c.send("PATCH", "/caches/" + id, new byte[] {1}, "bytes x-y/*").status())
        .isEqualTo(400);
    assertThat(run("owner/another", "").upload(id, 0, new byte[] {1}).status()).isEqualTo(404);
    assertThat(c.upload(id, 0, new byte[] {1, 2}).status()).isEqualTo(200);
    CacheClient.Answer broken = c.commit(id, 3);
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.json().get("error").getAsString()).contains("2 bytes received, 3 declared");
    assertThat(c.find("k", "v1").status()).isEqualTo(204);

    long ok = save(c, "done", "v1", new byte[] {1, 2});
    assertThat(c.upload(ok, 0, new byte[] {1}).status()).isEqualTo(400);
    assertThat(c.commit(ok, 2).status()).isEqualTo(400);
    assertThat(c.send("GET", "/nothing", null, null).status()).isEqualTo(404);
  }

  @Test
  void twoJobsSavingOneKeyTheNewestWinsAndGcTakesTheOlder() throws Exception {
    CacheClient a = run("owner/repo", "");
    CacheClient b = run("owner/repo", "");
    long first = a.reserve("k", "v1", 1).json().get("cacheId").getAsLong();
    clock.advance(Duration.ofSeconds(1));
    long second = b.reserve("k", "v1", 1).json().get("cacheId").getAsLong();
    b.upload(second, 0, new byte[] {2});
    b.commit(second, 1);
    a.upload(first, 0, new byte[] {1});
    a.commit(first, 1);
    assertThat(id(a.find("k", "v1"))).isEqualTo(second);
    clock.advance(Duration.ofMinutes(6));
    cache.close();
    cache =
        CacheService.start(
            new CacheSection(true, 0, "", "", "", "127.0.0.1", 0, "", 100), home, clock);
    CacheClient c = run("owner/repo", "");
    assertThat(id(c.find("k", "v1"))).isEqualTo(second);
    assertThat(c.send("GET", "/artifacts/" + first, null, null).status()).isEqualTo(404);
  }

  @Test
  void anUnknownOrRemovedRunKeyIsRefused() throws Exception {
    CacheRuns.Lease lease = cache.open("owner/repo", "1", "").orElseThrow();
    CacheClient c = new CacheClient(lease.url(), Map.of());
    assertThat(c.find("k", "v1").status()).isEqualTo(204);
    lease.close();
    assertThat(c.find("k", "v1").status()).isEqualTo(403);
    assertThat(new CacheClient(cache.baseUrl() + "/deadbeef/", Map.of()).find("k", "v").status())
        .isEqualTo(403);
  }

  @Test
  void anExternalServerWithTheSharedSecret() throws Exception {
    try (CacheStore store = CacheStore.open(home.resolve("ext"), 0, clock, new CacheCounters());
        CacheServer server =
            CacheServer.start(
                store,
                "shared",
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                clock)) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      try (CacheService runner =
          CacheService.start(
              new CacheSection(true, 0, "", url, "shared", "127.0.0.1", 0, "", 0), home, clock)) {
        CacheClient c = new CacheClient(runner.open("o/r", "1", "").orElseThrow().url(), Map.of());
        save(c, "k", "v1", new byte[] {1, 2, 3});
        assertThat(key(c.find("k", "v1"))).isEqualTo("k");
      }
      try (CacheService wrong =
          CacheService.start(
              new CacheSection(true, 0, "", url, "not-shared", "127.0.0.1", 0, "", 0),
              home,
              clock)) {
        CacheClient c = new CacheClient(wrong.open("o/r", "1", "").orElseThrow().url(), Map.of());
        assertThat(c.find("k", "v1").status()).isEqualTo(403);
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                CacheService.start(
                    new CacheSection(true, 0, "", "http://x:1/", "", "127.0.0.1", 0, "", 0),
                    home,
                    clock))
        .isInstanceOf(CacheService.SetupException.class)
        .hasMessageContaining("cache.secret must be set");
  }

  @Test
  void theOverrideIsTheBaseOfEveryUrl() throws Exception {
    try (CacheService c =
        CacheService.start(
            new CacheSection(true, 0, "", "", "", "", 0, "http://cache.example:9/", 0),
            home.resolve("o"),
            clock)) {
      assertThat(c.open("o/r", "1", "").orElseThrow().url())
          .matches("http://cache\\.example:9/[0-9a-f]{8}/");
    }
  }

  private static String key(CacheClient.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().get("cacheKey").getAsString();
  }

  private static long id(CacheClient.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String loc = a.json().get("archiveLocation").getAsString();
    return Long.parseLong(loc.substring(loc.lastIndexOf('/') + 1));
  }
}
