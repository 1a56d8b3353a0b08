// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Objects;

/**
 * A workflow or action file that cannot be used: bad YAML, a wrong type, a missing field, a bad
 * {@code ${{ }}} expression, or a limit exceeded. The message starts with the line and column and
 * names the field ({@code line 7, column 9: jobs.build.steps[1]: …}).
 */
public final class WorkflowException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient SourcePos pos;
  private final String problem;

  public WorkflowException(SourcePos pos, String problem) {
    super(pos + ": " + problem);
    this.pos = Objects.requireNonNull(pos, "pos");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public SourcePos pos() {
    return pos;
  }

  /** The message without the position. */
  public String problem() {
    return problem;
  }
}
