// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.List;
import java.util.Objects;

/**
 * A loaded configuration and the warnings of loading it (unknown keys, deprecated keys and
 * environment variables), each a user-readable line such as {@code config.yaml:12: unknown key
 * runner.capcity}. The caller logs the warnings. Immutable.
 *
 * @param config the validated configuration
 * @param warnings warnings ordered by line; empty when there were none
 * @param policy the selected profile's {@code policy:}; {@link PolicySection#open()} without a
 *     profile
 */
public record LoadedConfig(RunnerConfig config, List<String> warnings, PolicySection policy) {
  public LoadedConfig {
    Objects.requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(policy, "policy");
  }

  /** A configuration without a profile. */
  public LoadedConfig(RunnerConfig config, List<String> warnings) {
    this(config, warnings, PolicySection.open());
  }
}
