// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The documented {@code shell:} values and their command templates ({@code {0}} is the script
 * file). Unset means {@code bash} when the environment has it, else {@code sh}.
 */
public final class Shells {
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Shells() {}

  /**
   * Whether a POSIX shell passes an environment variable of this name on to the programs it starts
   * (dash drops names that are not identifiers, such as {@code INPUT_PYTHON-VERSION}).
   */
  public static boolean passesOn(String variableName) {
    return NAME.matcher(variableName).matches();
  }

  /**
   * @param shell the {@code shell:} of the step or the defaults, if any
   * @param hasBash whether bash exists in the job environment
   * @param script the script's path in the job environment
   * @return the argv to run
   */
  public static List<String> command(Optional<String> shell, boolean hasBash, String script) {
    String template =
        switch (shell.map(String::strip).orElse(hasBash ? "bash" : "sh")) {
          case "bash" -> "bash --noprofile --norc -eo pipefail {0}";
          case "sh" -> "sh -e {0}";
          case "python" -> "python {0}";
          case "pwsh" -> "pwsh -command . '{0}'";
          case "powershell" -> "powershell -command . '{0}'";
          case String custom -> custom.contains("{0}") ? custom : custom + " {0}";
        };
    return Arrays.stream(template.trim().split("\\s+")).map(a -> a.replace("{0}", script)).toList();
  }
}
