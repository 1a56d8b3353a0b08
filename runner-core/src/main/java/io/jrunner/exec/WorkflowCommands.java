// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workflow commands the engine acts on, read from a step's output lines: {@code ::add-mask::}
 * (the value is masked from then on), the legacy {@code ::set-output name=X::} and {@code
 * ::save-state name=X::}, and {@code ::stop-commands::TOKEN} … {@code ::TOKEN::}, between which no
 * command is acted on. Lines are never changed here; the reporter formats them. Not thread-safe:
 * one per step process, fed in output order.
 */
final class WorkflowCommands {
  private static final Pattern COMMAND = Pattern.compile("^::([^ :]+)( [^:]*)?::(.*)$");
  private static final Pattern NAME = Pattern.compile("(?:^|,)\\s*name=([^,]*)");

  private final Consumer<String> secrets;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, String> state = new LinkedHashMap<>();
  private String stopToken;

  /**
   * @param secrets receives every value given to {@code ::add-mask::}
   */
  WorkflowCommands(Consumer<String> secrets) {
    this.secrets = secrets;
  }

  /** Acts on {@code line} if it is a command. */
  void accept(String line) {
    String text = line.strip();
    if (!text.startsWith("::")) {
      return;
    }
    if (stopToken != null) {
      if (text.equals("::" + stopToken + "::")) {
        stopToken = null;
      }
      return;
    }
    Matcher m = COMMAND.matcher(text);
    if (!m.matches()) {
      return;
    }
    String value = unescape(m.group(3));
    switch (m.group(1)) {
      case "add-mask" -> {
        if (!value.isBlank()) {
          secrets.accept(value.strip());
        }
      }
      case "set-output" -> name(m.group(2)).ifPresent(n -> outputs.put(n, value));
      case "save-state" -> name(m.group(2)).ifPresent(n -> state.put(n, value));
      case "stop-commands" -> stopToken = value.isEmpty() ? null : value;
      default -> {
        // group, debug, notice, warning, error: formatted by the reporter
      }
    }
  }

  Map<String, String> outputs() {
    return outputs;
  }

  Map<String, String> state() {
    return state;
  }

  private static java.util.Optional<String> name(String properties) {
    if (properties == null) {
      return java.util.Optional.empty();
    }
    Matcher m = NAME.matcher(properties.strip());
    return m.find()
        ? java.util.Optional.of(unescape(m.group(1).strip()))
        : java.util.Optional.empty();
  }

  /** The escapes of the runner's command format: {@code %25 %0D %0A %3A %2C}. */
  static String unescape(String s) {
    return s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%");
  }
}
