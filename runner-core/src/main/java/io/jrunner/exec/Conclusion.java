// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Locale;

/** How a step or a job ended, as the {@code steps}/{@code needs} contexts and Forgejo see it. */
public enum Conclusion {
  SUCCESS,
  FAILURE,
  CANCELLED,
  SKIPPED;

  /** {@code success}, {@code failure}, ... as in {@code steps.<id>.outcome}. */
  public String contextValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
