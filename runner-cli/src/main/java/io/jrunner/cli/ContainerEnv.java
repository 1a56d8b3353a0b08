// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registration settings of act_runner's container entrypoint ({@code scripts/run.sh}), read
 * from its environment variables. Every {@code GITEA_} name is also read as {@code FORGEJO_} and
 * {@code JRUNNER_}; when several spellings are set, {@code JRUNNER_} wins over {@code FORGEJO_}
 * over {@code GITEA_}. A blank value counts as unset, as in {@code run.sh}. Immutable.
 *
 * @param instance the instance URL ({@code GITEA_INSTANCE_URL}), if set
 * @param token the registration token ({@code GITEA_RUNNER_REGISTRATION_TOKEN}, else the content of
 *     {@code GITEA_RUNNER_REGISTRATION_TOKEN_FILE}, trimmed), if set
 * @param name the runner's name ({@code GITEA_RUNNER_NAME}, default the host name)
 * @param labels {@code GITEA_RUNNER_LABELS} as written (comma-separated), if set
 * @param ephemeral {@code GITEA_RUNNER_EPHEMERAL}: any value but {@code false}/{@code 0}
 * @param maxAttempts {@code GITEA_MAX_REG_ATTEMPTS}: registration attempts (default 10)
 * @param stateFile {@code RUNNER_STATE_FILE} (no prefix, as in act_runner): the file whose presence
 *     means "registered"; empty means the config's {@code runner.file}
 */
record ContainerEnv(
    Optional<String> instance,
    Optional<String> token,
    String name,
    Optional<String> labels,
    boolean ephemeral,
    int maxAttempts,
    Optional<Path> stateFile) {

  /** The prefixes, in order of precedence. */
  static final List<String> PREFIXES = List.of("JRUNNER_", "FORGEJO_", "GITEA_");

  /** act_runner's default number of registration attempts. */
  static final int DEFAULT_MAX_ATTEMPTS = 10;

  /**
   * Reads the settings.
   *
   * @throws UserError (exit code 3) when {@code GITEA_MAX_REG_ATTEMPTS} is not a positive integer
   *     or the token file cannot be read
   */
  static ContainerEnv read(Map<String, String> env, String hostname) throws UserError {
    Optional<String> token = lookup(env, "RUNNER_REGISTRATION_TOKEN").map(Setting::value);
    if (token.isEmpty()) {
      Optional<Setting> file = lookup(env, "RUNNER_REGISTRATION_TOKEN_FILE");
      if (file.isPresent()) {
        token = Optional.of(readToken(file.get())).filter(t -> !t.isEmpty());
      }
    }
    return new ContainerEnv(
        lookup(env, "INSTANCE_URL").map(Setting::value),
        token,
        lookup(env, "RUNNER_NAME").map(Setting::value).orElse(hostname),
        lookup(env, "RUNNER_LABELS").map(Setting::value),
        lookup(env, "RUNNER_EPHEMERAL").map(s -> isTrue(s.value())).orElse(false),
        maxAttempts(lookup(env, "MAX_REG_ATTEMPTS")),
        Clients.nonBlank(env.get("RUNNER_STATE_FILE")).map(Path::of));
  }

  /** A variable that is set, with the spelling that was used. */
  record Setting(String variable, String value) {}

  /**
   * The first non-blank of {@code JRUNNER_suffix}, {@code FORGEJO_suffix}, {@code GITEA_suffix}.
   */
  static Optional<Setting> lookup(Map<String, String> env, String suffix) {
    for (String prefix : PREFIXES) {
      String variable = prefix + suffix;
      Optional<String> value = Clients.nonBlank(env.get(variable));
      if (value.isPresent()) {
        return Optional.of(new Setting(variable, value.get().strip()));
      }
    }
    return Optional.empty();
  }

  private static boolean isTrue(String value) {
    return !(value.equalsIgnoreCase("false") || value.equals("0"));
  }

  private static int maxAttempts(Optional<Setting> setting) throws UserError {
    if (setting.isEmpty()) {
      return DEFAULT_MAX_ATTEMPTS;
    }
    Setting s = setting.get();
    try {
      int value = Integer.parseInt(s.value());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError(
        ExitCode.CONFIG,
        s.variable() + " must be a positive number of attempts, got '" + s.value() + "'");
  }

  private static String readToken(Setting file) throws UserError {
    try {
      return Files.readString(Path.of(file.value()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UserError(
          ExitCode.CONFIG,
          "cannot read the registration token from "
              + file.variable()
              + "="
              + file.value()
              + ": "
              + (e instanceof NoSuchFileException
                  ? "no such file"
                  : e instanceof AccessDeniedException
                      ? "permission denied (the image runs jrunner as uid 1000)"
                      : "unreadable"));
    }
  }
}
