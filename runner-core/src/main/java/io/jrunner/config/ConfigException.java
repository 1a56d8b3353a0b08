// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not only the first, each prefixed
 * with {@code file:line:} when the line is known (e.g. {@code config.yaml:12: runner.capacity:
 * expected an integer, got "two"}).
 *
 * <p>{@link #getMessage()} is a one-line summary naming the source and how many problems there are
 * (e.g. {@code invalid configuration (config.yaml): 2 problems}); the CLI prints {@link
 * #problems()} below it, one per line. {@link #toString()} has both, for logs.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /**
   * @param source the file the problems are in (e.g. {@code config.yaml}), for the summary
   * @param problems at least one problem
   */
  public ConfigException(String source, List<String> problems) {
    super(summary(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, ordered by line. */
  public List<String> problems() {
    return problems;
  }

  private static String summary(String source, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    int n = problems.size();
    return "invalid configuration (" + source + "): " + n + (n == 1 ? " problem" : " problems");
  }

  @Override
  public String toString() {
    return getClass().getName() + ": " + getMessage() + ": " + String.join("; ", problems);
  }
}
