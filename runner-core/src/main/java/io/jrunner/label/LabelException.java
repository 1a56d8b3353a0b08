// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import java.util.List;

/**
 * One or more runner labels could not be parsed. {@link #getMessage()} is a single user-readable
 * line naming every bad label and the valid forms; {@link #problems()} has one entry per problem,
 * without the hint.
 */
public final class LabelException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The accepted label forms, for error messages. */
  public static final String VALID_FORMS =
      "valid forms are NAME, NAME:docker://IMAGE, NAME:host and NAME:lxc://TEMPLATE";

  /** Not serialized: {@code List.copyOf} is serializable, but keep the contract explicit. */
  private final transient List<String> problems;

  /**
   * @param problems at least one problem, each naming the label it is about
   */
  public LabelException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in input order. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a LabelException needs at least one problem");
    }
    return String.join("; ", problems) + " (" + VALID_FORMS + ")";
  }
}
