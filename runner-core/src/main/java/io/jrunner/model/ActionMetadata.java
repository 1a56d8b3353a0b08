// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An action's {@code action.yml}. Immutable.
 *
 * @param name the {@code name:}
 * @param description the {@code description:}, if any
 * @param inputs inputs by id, in document order
 * @param outputs outputs by id
 * @param runs how the action runs
 */
public record ActionMetadata(
    String name,
    Optional<String> description,
    Map<String, Input> inputs,
    Map<String, Output> outputs,
    Runs runs) {
  public ActionMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    Objects.requireNonNull(runs, "runs");
  }

  /** An input: its default is used when the step's {@code with} does not set it. */
  public record Input(
      String id,
      Optional<String> description,
      boolean required,
      Optional<String> defaultValue,
      Optional<String> deprecationMessage,
      SourcePos pos) {}

  /** An output; composite actions give its {@code value}. */
  public record Output(
      String id, Optional<String> description, Optional<String> value, SourcePos pos) {}

  /** {@code runs:}, one of three kinds. */
  public sealed interface Runs permits NodeRuns, CompositeRuns, DockerRuns {}

  /**
   * A JavaScript action.
   *
   * @param using {@code node12}, {@code node16}, {@code node20} or {@code node24}
   */
  public record NodeRuns(
      String using,
      String main,
      Optional<String> pre,
      Optional<String> preIf,
      Optional<String> post,
      Optional<String> postIf,
      SourcePos pos)
      implements Runs {}

  /** A composite action: its steps (run steps must name a shell). */
  public record CompositeRuns(List<Step> steps, SourcePos pos) implements Runs {
    public CompositeRuns {
      steps = List.copyOf(steps);
    }
  }

  /**
   * A Docker action.
   *
   * @param image {@code Dockerfile} (a path) or {@code docker://image}
   */
  public record DockerRuns(
      String image,
      Optional<String> entrypoint,
      List<String> args,
      Map<String, String> env,
      Optional<String> preEntrypoint,
      Optional<String> preIf,
      Optional<String> postEntrypoint,
      Optional<String> postIf,
      SourcePos pos)
      implements Runs {
    public DockerRuns {
      args = List.copyOf(args);
      env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
  }
}
