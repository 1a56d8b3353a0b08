// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workflow commands the engine acts on, read from a step's output lines: {@code ::add-mask::}
 * (the value is masked from then on), the legacy {@code ::set-output name=X::} and {@code
 * ::save-state name=X::}, {@code ::stop-commands::TOKEN} … {@code ::TOKEN::}, between which no
 * command is acted on, and the disabled {@code ::set-env name=X::} and {@code ::add-path::} (see
 * {@link UnsecureCommands}). Lines are never changed here; the reporter formats them. Not
 * thread-safe: one per step process, fed in output order.
 */
final class WorkflowCommands {
  private static final Pattern COMMAND = Pattern.compile("^::([^ :]+)( [^:]*)?::(.*)$");
  private static final Pattern NAME = Pattern.compile("(?:^|,)\\s*name=([^,]*)");

  private final Consumer<String> secrets;
  private final UnsecureCommands unsecure;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, String> state = new LinkedHashMap<>();
  private String stopToken;

  /**
   * @param secrets receives every value given to {@code ::add-mask::}
   * @param environment the step's environment, where {@code ACTIONS_ALLOW_UNSECURE_COMMANDS} is
   *     looked up
   */
  WorkflowCommands(Consumer<String> secrets, Map<String, String> environment) {
    this.secrets = secrets;
    this.unsecure = new UnsecureCommands(environment);
  }

  /**
   * Acts on {@code line} if it is a command.
   *
   * @return lines to log after {@code line} (errors of a command that could not be processed)
   */
  List<String> accept(String line) {
    String text = line.strip();
    if (!text.startsWith("::")) {
      return List.of();
    }
    if (stopToken != null) {
      if (text.equals("::" + stopToken + "::")) {
        stopToken = null;
      }
      return List.of();
    }
    Matcher m = COMMAND.matcher(text);
    if (!m.matches()) {
      return List.of();
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
      case "set-env" -> {
        return unsecure.setEnv(text, name(m.group(2)), value);
      }
      case "add-path" -> {
        return unsecure.addPath(text, value);
      }
      default -> {
        // group, debug, notice, warning, error: formatted by the reporter
      }
    }
    return List.of();
  }

  /** Whether a command failed, which fails the step (GitHub: the command result is Failed). */
  boolean failed() {
    return unsecure.failed();
  }

  /** What {@code ::set-env::} and {@code ::add-path::} changed, as command files would. */
  StepFiles.Written exported() {
    return new StepFiles.Written(Map.of(), unsecure.env(), unsecure.path(), Map.of(), List.of());
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
