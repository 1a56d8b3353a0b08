// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Map;
import java.util.Optional;

/**
 * An action's {@code post:} to run when the job's steps are done, in reverse order of registration.
 *
 * @param name the step's display name ("Post " is prepended in the log)
 * @param launch how to start it (e.g. {@code node <action>/dist/post.js} in the job environment)
 * @param env the main step's environment (inputs included), without its command files
 * @param state what the action saved with {@code GITHUB_STATE}/{@code save-state}, as {@code
 *     STATE_*}
 * @param condition the {@code post-if}; empty means {@code always()}
 */
record PostStep(
    String name,
    ActionProcess.Launch launch,
    Map<String, String> env,
    Map<String, String> state,
    Optional<String> condition) {
  PostStep {
    env = Map.copyOf(env);
    state = Map.copyOf(state);
  }
}
