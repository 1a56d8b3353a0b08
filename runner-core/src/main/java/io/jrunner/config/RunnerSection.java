// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import io.jrunner.label.Label;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code runner:} settings. Immutable; {@code envs} keeps file order. Defaults are those of
 * forgejo-runner v12 except {@code shutdown_timeout} (see {@link #defaults()}).
 *
 * @param file the registration file (default {@code .runner}; relative paths are relative to the
 *     working directory)
 * @param capacity concurrent tasks, at least 1 (0 or negative in the file means 1)
 * @param envs extra environment variables for jobs, already merged with {@code env_file}
 * @param envFile dotenv file whose variables are added to {@code envs} if it exists (default {@code
 *     .env}, relative to the working directory as in forgejo-runner)
 * @param timeout the longest a task may run locally (default 3h)
 * @param shutdownTimeout how long a graceful stop waits for running jobs before cancelling them
 *     (default 3h; {@link Duration#ZERO} cancels at once)
 * @param insecure skip TLS certificate verification of the Forgejo instance
 * @param fetchTimeout deadline of one FetchTask call (default 5s)
 * @param fetchInterval least time between two FetchTask calls (default 2s)
 * @param reportInterval log and state flush period of a running task (default 1s)
 * @param labels labels as written; if non-empty they replace the {@code .runner} labels at start
 * @param reportRetry retry of a task's final report
 * @param caFile jrunner: PEM file of extra CAs trusted for the instance (relative paths are
 *     relative to the working directory; checked to exist at load); empty means only the system's
 *     CAs
 * @param defaultImage jrunner: image of bare {@code NAME} labels (default {@code node:22-bookworm})
 */
public record RunnerSection(
    Path file,
    int capacity,
    Map<String, String> envs,
    String envFile,
    Duration timeout,
    Duration shutdownTimeout,
    boolean insecure,
    Duration fetchTimeout,
    Duration fetchInterval,
    Duration reportInterval,
    List<String> labels,
    ReportRetry reportRetry,
    Optional<Path> caFile,
    String defaultImage) {
  public RunnerSection {
    Objects.requireNonNull(file, "file");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    envs = orderedCopy(envs);
    Objects.requireNonNull(envFile, "envFile");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    Objects.requireNonNull(fetchInterval, "fetchInterval");
    Objects.requireNonNull(reportInterval, "reportInterval");
    labels = List.copyOf(labels);
    Objects.requireNonNull(reportRetry, "reportRetry");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(defaultImage, "defaultImage");
  }

  /**
   * forgejo-runner's defaults, with one deliberate difference: {@code shutdown_timeout} is 3h, the
   * value of forgejo-runner's example file, not its code default of 0. A graceful stop (SIGTERM)
   * then lets running jobs finish; systemd's {@code TimeoutStopSec} must exceed it.
   */
  public static RunnerSection defaults() {
    return new RunnerSection(
        Path.of(".runner"),
        1,
        Map.of(),
        ".env",
        Duration.ofHours(3),
        Duration.ofHours(3),
        false,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        List.of(),
        ReportRetry.defaults(),
        Optional.empty(),
        Label.DEFAULT_IMAGE);
  }

  /**
   * The fetch interval to use against {@code address}: at least 30s for {@code
   * https://codeberg.org} (forgejo-runner's {@code Tune}, to spare the public instance), else
   * {@link #fetchInterval()}.
   */
  public Duration fetchIntervalFor(String address) {
    Duration floor = Duration.ofSeconds(30);
    boolean codeberg = "https://codeberg.org".equals(address);
    return codeberg && fetchInterval.compareTo(floor) < 0 ? floor : fetchInterval;
  }

  static RunnerSection read(YamlSection s, LoadContext context) {
    RunnerSection d = defaults();
    LegacyEnv legacy = context.legacy();
    Path file = s.path("file", d.file());
    if (legacy.file() != null && !legacy.file().isEmpty()) {
      file = Path.of(legacy.file());
    }
    long capacity = s.integer("capacity", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (legacy.capacity() != null) {
      capacity = legacy.capacity();
    }
    Map<String, String> envs = s.stringMap("envs");
    envs.putAll(legacy.envs());
    String envFile = s.string("env_file", legacy.envFile() != null ? legacy.envFile() : ".env");
    String defaultImage = s.nonEmptyString("default_image", d.defaultImage());
    List<String> labels = s.strings("labels");
    Optional<Path> caFile = Optional.ofNullable(s.path("ca_file", null));
    RunnerSection section =
        new RunnerSection(
            file,
            capacity <= 0 ? 1 : (int) capacity, // forgejo-runner: capacity <= 0 means 1
            envs,
            envFile,
            positive(s.duration("timeout"), d.timeout()),
            shutdown(
                s.duration("shutdown_timeout"),
                ShutdownDefault.of(context.environment(), d.shutdownTimeout(), s.diagnostics())),
            s.bool("insecure", false),
            positive(s.duration("fetch_timeout"), d.fetchTimeout()),
            positive(s.duration("fetch_interval"), d.fetchInterval()),
            positive(s.duration("report_interval"), d.reportInterval()),
            labels,
            ReportRetry.read(s.section("report_retry")),
            caFile,
            defaultImage);
    s.warnUnknownKeys();
    RunnerChecks.check(s, section, context);
    return section.withEnvs(DotEnv.merge(s, envs, envFile, context));
  }

  RunnerSection withEnvs(Map<String, String> merged) {
    return new RunnerSection(
        file,
        capacity,
        merged,
        envFile,
        timeout,
        shutdownTimeout,
        insecure,
        fetchTimeout,
        fetchInterval,
        reportInterval,
        labels,
        reportRetry,
        caFile,
        defaultImage);
  }

  private static Map<String, String> orderedCopy(Map<String, String> envs) {
    Map<String, String> copy = new LinkedHashMap<>();
    envs.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "env name"), Objects.requireNonNull(v, k)));
    return Collections.unmodifiableMap(copy);
  }

  /** forgejo-runner: a missing, zero or negative duration falls back to the default. */
  private static Duration positive(Duration value, Duration fallback) {
    return value == null || !value.isPositive() ? fallback : value;
  }

  /**
   * Missing means the default (3h); an explicit 0 keeps forgejo-runner's meaning "cancel running
   * jobs at once", and a negative value is treated as 0.
   */
  private static Duration shutdown(Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    return value.isNegative() ? Duration.ZERO : value;
  }
}
