// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.Objects;

/**
 * The whole {@code config.yaml}, with forgejo-runner v12's keys and defaults (protocol.md §5.4)
 * plus jrunner's {@code runner.ca_file} and {@code runner.default_image}. Built by {@link
 * ConfigLoader}, validated, then immutable and safe to share between threads. {@link #toString()}
 * redacts {@code cache.secret}.
 *
 * @param log {@code log:}
 * @param runner {@code runner:}
 * @param cache {@code cache:}
 * @param container {@code container:}
 * @param host {@code host:}
 * @param metrics {@code metrics:} (jrunner)
 */
public record RunnerConfig(
    LogSection log,
    RunnerSection runner,
    CacheSection cache,
    ContainerSection container,
    HostSection host,
    MetricsSection metrics) {
  private static final RunnerConfig DEFAULTS =
      new RunnerConfig(
          LogSection.defaults(),
          RunnerSection.defaults(),
          CacheSection.defaults(),
          ContainerSection.defaults(),
          HostSection.defaults(),
          MetricsSection.defaults());

  public RunnerConfig {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** Without a {@code metrics:} endpoint. */
  public RunnerConfig(
      LogSection log,
      RunnerSection runner,
      CacheSection cache,
      ContainerSection container,
      HostSection host) {
    this(log, runner, cache, container, host, MetricsSection.defaults());
  }

  /**
   * The configuration used when no file is given and no legacy variable is set; also what the
   * embedded example file parses to.
   */
  public static RunnerConfig defaults() {
    return DEFAULTS;
  }
}
