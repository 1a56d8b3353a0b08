// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What commands take from the outside world, injected so tests run them in-process.
 *
 * @param terminal the attached terminal, if any
 * @param env the process environment
 * @param clock the wall clock
 * @param hostname the machine's name (the default runner name)
 */
public record CliContext(
    Optional<Terminal> terminal, Map<String, String> env, Clock clock, String hostname) {
  public CliContext {
    Objects.requireNonNull(terminal, "terminal");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(hostname, "hostname");
  }

  /** The real process's context. */
  public static CliContext system() {
    return new CliContext(Terminal.system(), System.getenv(), Clock.systemUTC(), Hostname.get());
  }
}
