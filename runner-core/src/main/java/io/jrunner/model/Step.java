// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code steps:} (of a job or a composite action): a shell command ({@link RunStep})
 * or an action ({@link UsesStep}). Immutable. String fields are as written; their {@code ${{ }}}
 * were syntax-checked when parsed and are evaluated by the engine.
 */
public sealed interface Step permits Step.RunStep, Step.UsesStep {
  /** What every step has. */
  Info info();

  /**
   * The fields common to both kinds.
   *
   * @param index zero-based position in the list (the protocol's step id order)
   * @param id the {@code id:}, if any
   * @param name the {@code name:}, if any
   * @param ifCondition the {@code if:} as written, if any (absent means {@code success()})
   * @param env the step's {@code env:}
   * @param continueOnError {@code true}, {@code false} or an expression, if given
   * @param timeoutMinutes a number or an expression, if given
   * @param pos where the step starts
   */
  record Info(
      int index,
      Optional<String> id,
      Optional<String> name,
      Optional<String> ifCondition,
      Map<String, String> env,
      Optional<String> continueOnError,
      Optional<String> timeoutMinutes,
      SourcePos pos) {
    public Info {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(ifCondition, "ifCondition");
      env = Map.copyOf(env);
      Objects.requireNonNull(continueOnError, "continueOnError");
      Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
      Objects.requireNonNull(pos, "pos");
    }
  }

  /**
   * {@code run:} a script.
   *
   * @param info the common fields
   * @param run the script
   * @param shell the {@code shell:}, if given
   * @param workingDirectory the {@code working-directory:}, if given
   */
  record RunStep(Info info, String run, Optional<String> shell, Optional<String> workingDirectory)
      implements Step {
    public RunStep {
      Objects.requireNonNull(info, "info");
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(shell, "shell");
      Objects.requireNonNull(workingDirectory, "workingDirectory");
    }
  }

  /**
   * {@code uses:} an action: {@code owner/repo[/path]@ref}, {@code ./local}, {@code docker://image}
   * or a full URL.
   *
   * @param info the common fields
   * @param uses the reference as written
   * @param with the inputs
   */
  record UsesStep(Info info, String uses, Map<String, String> with) implements Step {
    public UsesStep {
      Objects.requireNonNull(info, "info");
      Objects.requireNonNull(uses, "uses");
      with = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
    }
  }
}
