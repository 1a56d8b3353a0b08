// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * What every error a user sees must be: one non-blank line that names no library class (no {@code
 * java.…}/{@code org.…} type and no {@code …Exception} word). Used by the property tests of the
 * hostile-input seams.
 */
public final class ClearLine {
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:java|javax|jdk|sun|org|com|io)\\.[a-z]+\\.[A-Za-z.]*[A-Z]\\w*");
  private static final Pattern EXCEPTION_WORD =
      Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error)\\b");

  private ClearLine() {}

  /** Fails unless {@code message} is one clear line. */
  public static void check(String message) {
    assertThat(message).as("error message").isNotBlank().doesNotContain("\n").doesNotContain("\r");
    assertThat(CLASS_NAME.matcher(message).find())
        .as("names a library class: %s", message)
        .isFalse();
    assertThat(EXCEPTION_WORD.matcher(message).find())
        .as("names an exception type: %s", message)
        .isFalse();
  }
}
