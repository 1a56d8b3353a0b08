// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a job's {@code owner/repo@ref} actions come from.
 *
 * @param defaultUrl the base URL of {@code owner/repo} references (the task's {@code
 *     forgejo_default_actions_url}, or {@code --default-actions-url})
 * @param token the task's token, sent when fetching repositories of the instance itself; {@link
 *     #toString()} hides it
 */
public record ActionOrigin(String defaultUrl, Optional<String> token) {
  /** Forgejo's code default ({@code [actions] DEFAULT_ACTIONS_URL}). */
  public static final String CODE_FORGEJO = "https://code.forgejo.org";

  public ActionOrigin {
    Objects.requireNonNull(defaultUrl, "defaultUrl");
    Objects.requireNonNull(token, "token");
  }

  /** {@link #CODE_FORGEJO}, no token. */
  public static ActionOrigin defaults() {
    return new ActionOrigin(CODE_FORGEJO, Optional.empty());
  }

  @Override
  public String toString() {
    return "ActionOrigin[defaultUrl="
        + defaultUrl
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + "]";
  }
}
