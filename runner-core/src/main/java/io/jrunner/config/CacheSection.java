// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code cache:} settings for the {@code actions/cache} server and proxy. Immutable. {@link
 * #toString()} never shows the secret.
 *
 * @param enabled give jobs an {@code ACTIONS_CACHE_URL} (default true)
 * @param port internal cache server port; 0 (the default) picks a free port
 * @param dir cache data directory; {@code ""} (the default) means {@code $HOME/.cache/actcache},
 *     see {@link #resolvedDir(Path)}
 * @param externalServer URL of an external cache server; when set the internal one is not started
 * @param secret shared secret between proxy and server; {@code ""} means generate one per start
 * @param host IP or host name used in {@code ACTIONS_CACHE_URL}; {@code ""} means auto-detect
 * @param proxyPort cache proxy port; 0 (the default) picks a free port
 * @param actionsCacheUrlOverride replaces the {@code ACTIONS_CACHE_URL} given to jobs if not empty
 * @param maxSizeMb total size of the internal server's entries, in MiB, above which the least
 *     recently used are evicted; 0 for no limit (a jrunner addition, default 10240)
 */
public record CacheSection(
    boolean enabled,
    int port,
    String dir,
    String externalServer,
    String secret,
    String host,
    int proxyPort,
    String actionsCacheUrlOverride,
    long maxSizeMb) {
  /** The default {@code max_size_mb}: 10 GiB, GitHub's limit per repository. */
  public static final long DEFAULT_MAX_SIZE_MB = 10240;

  /** With the default size limit. */
  public CacheSection(
      boolean enabled,
      int port,
      String dir,
      String externalServer,
      String secret,
      String host,
      int proxyPort,
      String actionsCacheUrlOverride) {
    this(
        enabled,
        port,
        dir,
        externalServer,
        secret,
        host,
        proxyPort,
        actionsCacheUrlOverride,
        DEFAULT_MAX_SIZE_MB);
  }

  public CacheSection {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(externalServer, "externalServer");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(actionsCacheUrlOverride, "actionsCacheUrlOverride");
  }

  /** Enabled, random ports, everything else empty. */
  public static CacheSection defaults() {
    return new CacheSection(true, 0, "", "", "", "", 0, "");
  }

  /** {@link #maxSizeMb()} in bytes; 0 for no limit. */
  public long maxSizeBytes() {
    return maxSizeMb * 1024 * 1024;
  }

  /**
   * {@code dir}, or {@code <home>/.cache/actcache} when it is empty; a leading {@code ~/} is the
   * home directory; absolute.
   */
  public Path resolvedDir(Path home) {
    Path p =
        dir.isEmpty()
            ? home.resolve(".cache").resolve("actcache")
            : dir.startsWith("~/") ? home.resolve(dir.substring(2)) : Path.of(dir);
    return p.toAbsolutePath();
  }

  /**
   * This section for the profile {@code profile}: without a {@code dir} of its own, its entries go
   * to {@code ~/.cache/actcache/<profile>}, so that two profiles' daemons on one machine do not
   * contend for one index and a dev job cannot write an entry a prod job restores.
   */
  public CacheSection forProfile(String profile) {
    if (!dir.isEmpty()) {
      return this;
    }
    return new CacheSection(
        enabled,
        port,
        "~/.cache/actcache/" + profile,
        externalServer,
        secret,
        host,
        proxyPort,
        actionsCacheUrlOverride,
        maxSizeMb);
  }

  @Override
  public String toString() {
    return "CacheSection[enabled="
        + enabled
        + ", port="
        + port
        + ", dir="
        + dir
        + ", externalServer="
        + externalServer
        + ", secret="
        + (secret.isEmpty() ? "" : "<redacted>")
        + ", host="
        + host
        + ", proxyPort="
        + proxyPort
        + ", actionsCacheUrlOverride="
        + actionsCacheUrlOverride
        + ", maxSizeMb="
        + maxSizeMb
        + "]";
  }

  static CacheSection read(YamlSection s) {
    CacheSection cache =
        new CacheSection(
            s.bool("enabled", true),
            (int) s.integer("port", 0, 0, 65535),
            s.string("dir", ""),
            s.string("external_server", ""),
            s.string("secret", ""),
            s.string("host", ""),
            (int) s.integer("proxy_port", 0, 0, 65535),
            s.string("actions_cache_url_override", ""),
            s.integer("max_size_mb", DEFAULT_MAX_SIZE_MB, 0, Long.MAX_VALUE / (1024 * 1024)));
    s.warnUnknownKeys();
    return cache;
  }
}
