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

  /** The problem is made one line: line breaks a quoted value carries are shown escaped. */
  public WorkflowException(SourcePos pos, String problem) {
    super(pos + ": " + oneLine(problem));
    this.pos = Objects.requireNonNull(pos, "pos");
    this.problem = oneLine(Objects.requireNonNull(problem, "problem"));
  }

  private static String oneLine(String s) {
    return s.replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\u0085", "\\u0085")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  public SourcePos pos() {
    return pos;
  }

  /** The message without the position. */
  public String problem() {
    return problem;
  }
}
