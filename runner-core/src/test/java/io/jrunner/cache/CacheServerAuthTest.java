// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server alone: every route refuses a request whose run data is not signed right. */
class CacheServerAuthTest {
  private static final String SECRET = "s3cret";
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private CacheStore store;
  private CacheServer server;

  @BeforeEach
  void start() throws Exception {
    store = CacheStore.open(dir, 0, clock, new CacheCounters());
    server =
        CacheServer.start(
            store, SECRET, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), clock);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private CacheClient client(Map<String, String> headers) {
    return new CacheClient("http://127.0.0.1:" + server.port() + "/", headers);
  }

  private static Map<String, String> headers(RunData d) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(RunData.HEADER_REPO, d.repository());
    h.put(RunData.HEADER_RUN_NUMBER, d.runNumber());
    h.put(RunData.HEADER_TIMESTAMP, d.timestamp());
    h.put(RunData.HEADER_MAC, d.mac());
    h.put(RunData.HEADER_RUN_ID, "abcd0123");
    h.put(RunData.HEADER_HOST, "http://proxy:1");
    if (!d.writeIsolationKey().isEmpty()) {
      h.put(RunData.HEADER_WRITE_ISOLATION_KEY, d.writeIsolationKey());
    }
    return h;
  }

  @Test
  void theMacIsForgejoRunnersHmac() {
    // hex(HMAC-SHA256("secret", "repo>run>ts>wik")), computed with openssl dgst -sha256 -hmac.
    assertThat(RunData.mac("secret", "owner/repo", "42", "1700000000", ""))
        .isEqualTo("5d22aedcad4c45d4ba4f0d69efa59e7461d73839608653a24e348fa830aa9694")
        .isNotEqualTo(RunData.mac("secret", "owner/repo", "42", "1700000000", "refs/pull/1/head"));
  }

  @Test
  void aSignedRequestPasses() throws Exception {
    RunData ok = RunData.signed(SECRET, "owner/repo", "1", clock.instant().getEpochSecond(), "");
    CacheClient c = client(headers(ok));
    assertThat(c.find("k", "v").status()).isEqualTo(204);
    long id = c.reserve("k", "v", 1).json().get("cacheId").getAsLong();
    c.upload(id, 0, new byte[] {7});
    c.commit(id, 1);
    CacheClient.Answer hit = c.find("k", "v");
    assertThat(hit.json().get("archiveLocation").getAsString())
        .isEqualTo("http://proxy:1/abcd0123/_apis/artifactcache/artifacts/" + id);
  }

  @Test
  void everyRouteRefusesNoBadAndFutureSignatures() throws Exception {
    long now = clock.instant().getEpochSecond();
    RunData good = RunData.signed(SECRET, "owner/repo", "1", now, "");
    Map<String, String> wrongSecret = headers(RunData.signed("other", "owner/repo", "1", now, ""));
    Map<String, String> future = headers(RunData.signed(SECRET, "owner/repo", "1", now + 60, ""));
    Map<String, String> otherRepo = headers(good);
    otherRepo.put(RunData.HEADER_REPO, "owner/other");
    Map<String, String> droppedIsolation =
        headers(RunData.signed(SECRET, "owner/repo", "1", now, "refs/pull/1/head"));
    droppedIsolation.remove(RunData.HEADER_WRITE_ISOLATION_KEY);
    Map<String, String> badTimestamp = headers(good);
    badTimestamp.put(RunData.HEADER_TIMESTAMP, "soon");
    for (Map<String, String> h :
        java.util.List.of(
            Map.<String, String>of(),
            wrongSecret,
            future,
            otherRepo,
            droppedIsolation,
            badTimestamp)) {
      CacheClient c = client(h);
      assertThat(c.find("k", "v").status()).isEqualTo(403);
      CacheClient.Answer reserve = c.reserve("k", "v", 1);
      assertThat(reserve.status()).isEqualTo(403);
      assertThat(reserve.json().get("error").getAsString()).isEqualTo("validation error");
      assertThat(c.upload(1, 0, new byte[] {1}).status()).isEqualTo(403);
      assertThat(c.commit(1, 1).status()).isEqualTo(403);
      assertThat(c.send("GET", "/artifacts/1", null, null).status()).isEqualTo(403);
      assertThat(c.clean().status()).isEqualTo(403);
    }
    assertThat(store.totalBytes()).isZero();
  }
}
