// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deprecated {@code GITEA_*} environment variables of act_runner, honoured only when no config
 * file is given (forgejo-runner's {@code compatibleWithOldEnvs}); with a file they are ignored with
 * a warning. Null fields mean "not set".
 */
record LegacyEnv(
    String logLevel, Integer capacity, String file, Map<String, String> envs, String envFile) {

  static LegacyEnv none() {
    return new LegacyEnv(null, null, null, Map.of(), null);
  }

  static LegacyEnv read(Map<String, String> env, boolean fileUsed, Diagnostics diagnostics) {
    String level = null;
    Integer capacity = null;
    Map<String, String> envs = new LinkedHashMap<>();
    for (String key :
        new String[] {
          "GITEA_DEBUG",
          "GITEA_TRACE",
          "GITEA_RUNNER_CAPACITY",
          "GITEA_RUNNER_FILE",
          "GITEA_RUNNER_ENVIRON",
          "GITEA_RUNNER_ENV_FILE"
        }) {
      if (env.containsKey(key)) {
        diagnostics.warning(
            null,
            fileUsed
                ? "environment variable " + key + " is ignored because a config file is used"
                : "environment variable " + key + " is deprecated; use a config file instead");
      }
    }
    if (fileUsed) {
      return none();
    }
    if (goBool(env.get("GITEA_DEBUG"))) {
      level = "debug";
    }
    if (goBool(env.get("GITEA_TRACE"))) {
      level = "trace";
    }
    String cap = env.get("GITEA_RUNNER_CAPACITY");
    if (cap != null) {
      try {
        int value = Integer.parseInt(cap.strip());
        capacity = value > 0 ? value : null; // forgejo-runner ignores values <= 0
      } catch (NumberFormatException e) {
        diagnostics.problem(
            null, "GITEA_RUNNER_CAPACITY: expected an integer, got \"" + cap + "\"");
      }
    }
    String environ = env.get("GITEA_RUNNER_ENVIRON");
    if (environ != null) {
      for (String pair : environ.split(",")) {
        int colon = pair.indexOf(':');
        if (colon > 0) {
          envs.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
      }
    }
    return new LegacyEnv(
        level, capacity, env.get("GITEA_RUNNER_FILE"), envs, env.get("GITEA_RUNNER_ENV_FILE"));
  }

  /** Go's {@code strconv.ParseBool}, with anything unparseable read as false. */
  private static boolean goBool(String s) {
    return s != null
        && switch (s) {
          case "1", "t", "T", "TRUE", "true", "True" -> true;
          default -> false;
        };
  }
}
