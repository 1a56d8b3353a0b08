// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability, crash safety, GC and eviction of the store. */
class CacheStoreTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  private CacheStore open(long max) throws Exception {
    return CacheStore.open(dir, max, clock, new CacheCounters());
  }

  private static CacheEntry granted(CacheStore.Access a) {
    assertThat(a).isInstanceOf(CacheStore.Access.Granted.class);
    return ((CacheStore.Access.Granted) a).entry();
  }

  private CacheEntry save(CacheStore s, String key, byte[] data) throws Exception {
    CacheEntry e = s.reserve("o/r", key, "v", data.length, "");
    s.upload(e, 0, new ByteArrayInputStream(data));
    assertThat(s.commit(granted(s.writable(e.id(), "o/r", "")))).isEmpty();
    return e;
  }

  @Test
  void entriesSurviveARestart() throws Exception {
    try (CacheStore s = open(0)) {
      save(s, "k", new byte[] {1, 2, 3});
    }
    try (CacheStore s = open(0)) {
      CacheEntry e = s.find("o/r", List.of("k"), "v", "").orElseThrow();
      assertThat(e.size()).isEqualTo(3);
      assertThat(Files.readAllBytes(s.file(e))).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aCrashMidUploadLeavesNoEntryAndNoFiles() throws Exception {
    long id;
    try (CacheStore s = open(0)) {
      CacheEntry e = s.reserve("o/r", "k", "v", 10, "");
      id = e.id();
      s.upload(e, 0, new ByteArrayInputStream(new byte[] {1, 2, 3}));
      // The connection drops in the middle of the second chunk.
      InputStream dying =
          new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
              if (n++ >= 2) {
                throw new IOException("connection reset");
              }
              return 5;
            }
          };
      try {
        s.upload(e, 3, dying);
      } catch (IOException expected) {
        // as the client saw it
      }
      assertThat(s.find("o/r", List.of("k"), "v", "")).isEmpty();
    }
    // A join killed before its rename leaves a .part file beside the final names.
    Path shard = dir.resolve("files").resolve(String.format("%02x", id % 256));
    Files.createDirectories(shard);
    Files.write(shard.resolve(id + ".part"), new byte[] {1});
    Files.write(shard.resolve("424242"), new byte[] {1});
    clock.advance(Duration.ofMinutes(6));
    try (CacheStore s = open(0)) {
      assertThat(s.find("o/r", List.of("k"), "v", "")).isEmpty();
      assertThat(s.writable(id, "o/r", "")).isInstanceOf(CacheStore.Access.Refusal.class);
    }
    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .allMatch(p -> p.startsWith("index.mv.db"));
    }
  }

  @Test
  void anEntryWhoseFileVanishedIsDropped() throws Exception {
    CacheEntry e;
    try (CacheStore s = open(0)) {
      e = save(s, "k", new byte[] {1});
      Files.delete(s.file(e));
      assertThat(s.find("o/r", List.of("k"), "v", "")).isEmpty();
      assertThat(s.readable(e.id(), "o/r", "")).isInstanceOf(CacheStore.Access.Refusal.class);
    }
  }

  @Test
  void overTheLimitTheLeastRecentlyUsedGo() throws Exception {
    try (CacheStore s = open(10)) {
      CacheEntry a = save(s, "a", new byte[4]);
      clock.advance(Duration.ofSeconds(1));
      CacheEntry b = save(s, "b", new byte[4]);
      clock.advance(Duration.ofSeconds(1));
      granted(s.readable(a.id(), "o/r", "")); // a is used again: b is now the oldest use
      clock.advance(Duration.ofSeconds(1));
      save(s, "c", new byte[4]);
      assertThat(s.find("o/r", List.of("b"), "v", "")).isEmpty();
      assertThat(s.find("o/r", List.of("a"), "v", "")).isPresent();
      assertThat(s.find("o/r", List.of("c"), "v", "")).isPresent();
      assertThat(s.totalBytes()).isEqualTo(8);
      assertThat(Files.exists(dir.resolve("files").resolve("02").resolve("2"))).isFalse();
    }
  }

  @Test
  void gcRemovesUnusedAndOldEntries() throws Exception {
    try (CacheStore s = open(0)) {
      CacheEntry old = save(s, "old", new byte[1]);
      clock.advance(Duration.ofDays(6));
      CacheEntry used = save(s, "used", new byte[1]);
      clock.advance(Duration.ofDays(2));
      s.gc();
      assertThat(s.find("o/r", List.of("old"), "v", "")).isEmpty();
      assertThat(s.find("o/r", List.of("used"), "v", "")).isPresent();
      for (int day = 0; day < 30; day++) {
        clock.advance(Duration.ofDays(1));
        granted(s.readable(used.id(), "o/r", ""));
      }
      s.gc();
      assertThat(s.find("o/r", List.of("used"), "v", "")).isEmpty();
      assertThat(old.id()).isNotEqualTo(used.id());
    }
  }

  @Test
  void aLazyStoreOpensItsIndexAtFirstUseAndKeepsOthersOutMeanwhile() throws Exception {
    Path index = dir.resolve("index.mv.db");
    try (CacheStore s = open(0)) {
      save(s, "k", new byte[] {1, 2});
    }
    long id;
    try (CacheStore s = open(0)) {
      // An upload left behind by a crash, old enough for the first GC to take it.
      id = s.reserve("o/r", "half", "v", 10, "").id();
      s.upload(s.reserve("o/r", "half", "v", 10, ""), 0, new ByteArrayInputStream(new byte[3]));
    }
    clock.advance(Duration.ofMinutes(6));
    byte[] before = Files.readAllBytes(index);
    try (CacheStore s = CacheStore.openLazily(dir, 0, clock, new CacheCounters())) {
      s.gcIfDue();
      assertThat(Files.readAllBytes(index)).isEqualTo(before);
      assertThatThrownBy(() -> CacheStore.openLazily(dir, 0, clock, new CacheCounters()))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("in use by another process");

      assertThat(s.find("o/r", List.of("k"), "v", "")).isPresent();
      assertThat(s.writable(id, "o/r", "")).isInstanceOf(CacheStore.Access.Refusal.class);
      assertThatThrownBy(() -> CacheStore.open(dir, 0, clock, new CacheCounters()))
          .isInstanceOf(CacheException.class);
    }
    assertThat(Files.exists(dir.resolve("tmp").resolve(Long.toString(id + 1)))).isFalse();
  }

  @Test
  void aLazyStoreNeverUsedLeavesAnIndexThatOpens() throws Exception {
    CacheStore.openLazily(dir, 0, clock, new CacheCounters()).close();
    assertThat(dir.resolve("index.mv.db")).isEmptyFile();
    try (CacheStore s = CacheStore.openLazily(dir, 0, clock, new CacheCounters())) {
      save(s, "k", new byte[] {1});
    }
    try (CacheStore s = open(0)) {
      assertThat(s.find("o/r", List.of("k"), "v", "")).isPresent();
    }
  }

  @Test
  void aClosedLazyStoreRefusesCalls() throws Exception {
    CacheStore s = CacheStore.openLazily(dir, 0, clock, new CacheCounters());
    s.close();
    assertThatThrownBy(() -> s.find("o/r", List.of("k"), "v", ""))
        .isInstanceOf(CacheException.class)
        .hasMessage("the cache is closed");
  }
}
