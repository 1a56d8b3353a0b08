// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.expr.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event payloads {@code jrunner exec} builds from git when no {@code --eventpath} is given,
 * with the fields Forgejo writes: a push ({@code ref}, {@code before}, {@code after}, {@code
 * commits}, {@code head_commit}, {@code repository}, {@code pusher}, {@code sender}) and a pull
 * request ({@code action: opened}, {@code number}, {@code pull_request.head}/{@code base}). Also
 * the {@code github} context fields a payload decides, as the server fills them. Stateless.
 */
final class EventPayloads {
  private EventPayloads() {}

  /** A push of HEAD's commit to its branch. */
  static Value.Obj push(GitFacts git, String repository, String actor) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("ref", Value.of(git.ref()));
    out.put("before", Value.of(git.before()));
    out.put("after", Value.of(git.sha()));
    out.put("compare_url", Value.of(""));
    out.put("commits", new Value.Arr(List.of(git.head())));
    out.put("total_commits", Value.of(1));
    out.put("head_commit", git.head());
    out.put("repository", repository(repository, git.defaultBranch()));
    out.put("pusher", user(actor, git));
    out.put("sender", user(actor, git));
    return new Value.Obj(out);
  }

  /** A pull request from HEAD's branch into {@code base}, just opened. */
  static Value.Obj pullRequest(GitFacts git, String repository, String actor, String base) {
    Map<String, Value> head = new LinkedHashMap<>();
    head.put("ref", Value.of(git.ref().replaceFirst("^refs/heads/", "")));
    head.put("sha", Value.of(git.sha()));
    head.put("repo", repository(repository, git.defaultBranch()));
    Map<String, Value> baseBranch = new LinkedHashMap<>();
    baseBranch.put("ref", Value.of(base));
    baseBranch.put("repo", repository(repository, git.defaultBranch()));
    Map<String, Value> pr = new LinkedHashMap<>();
    pr.put("number", Value.of(1));
    pr.put(
        "title",
        Value.of(
            git.head().entries().get("message") instanceof Value.Str s
                ? s.value().lines().findFirst().orElse("")
                : ""));
    pr.put("head", new Value.Obj(head));
    pr.put("base", new Value.Obj(baseBranch));
    pr.put("user", user(actor, git));
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("action", Value.of("opened"));
    out.put("number", Value.of(1));
    out.put("pull_request", new Value.Obj(pr));
    out.put("repository", repository(repository, git.defaultBranch()));
    out.put("sender", user(actor, git));
    return new Value.Obj(out);
  }

  /**
   * The {@code github} context fields the event decides, as Forgejo sets them: for {@code
   * pull_request} {@code ref} is {@code refs/pull/N/head}, {@code head_ref}/{@code base_ref} the
   * branches and {@code sha} the head commit; for {@code pull_request_target} {@code ref} is the
   * base branch; {@code actor} is the payload's sender. Empty {@code head_ref}/{@code base_ref}
   * otherwise.
   */
  static Map<String, Value> githubFields(String event, Value.Obj payload) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("head_ref", Value.of(""));
    out.put("base_ref", Value.of(""));
    if (path(payload, "sender", "login") instanceof Value.Str login && !login.value().isEmpty()) {
      out.put("actor", login);
    }
    if (event.equals("pull_request") || event.equals("pull_request_target")) {
      String headRef = str(path(payload, "pull_request", "head", "ref"));
      String baseRef = str(path(payload, "pull_request", "base", "ref"));
      out.put("head_ref", Value.of(headRef));
      out.put("base_ref", Value.of(baseRef));
      String ref;
      if (event.equals("pull_request")) {
        Value number =
            payload.entries().getOrDefault("number", path(payload, "pull_request", "number"));
        ref = "refs/pull/" + io.jrunner.expr.Coercion.toStr(number) + "/head";
        String sha = str(path(payload, "pull_request", "head", "sha"));
        if (!sha.isEmpty()) {
          out.put("sha", Value.of(sha));
        }
      } else {
        ref = "refs/heads/" + baseRef;
      }
      out.put("ref", Value.of(ref));
      out.put("ref_name", Value.of(ref.replaceFirst("^refs/(heads|tags)/", "")));
      out.put("ref_type", Value.of("branch"));
    }
    return out;
  }

  /** The base branch of a pull_request payload, if it names one. */
  static java.util.Optional<String> baseBranch(Value.Obj payload) {
    String base = str(path(payload, "pull_request", "base", "ref"));
    return base.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(base);
  }

  /** The payload's {@code action}, if any. */
  static java.util.Optional<String> action(Value.Obj payload) {
    return payload.entries().get("action") instanceof Value.Str s
        ? java.util.Optional.of(s.value())
        : java.util.Optional.empty();
  }

  private static Value.Obj repository(String fullName, String defaultBranch) {
    String owner = fullName.substring(0, fullName.indexOf('/'));
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("name", Value.of(fullName.substring(fullName.indexOf('/') + 1)));
    out.put("full_name", Value.of(fullName));
    out.put("owner", new Value.Obj(Map.of("login", Value.of(owner), "username", Value.of(owner))));
    out.put("default_branch", Value.of(defaultBranch));
    return new Value.Obj(out);
  }

  private static Value.Obj user(String actor, GitFacts git) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("login", Value.of(actor));
    out.put("username", Value.of(actor));
    out.put("full_name", Value.of(git.user().map(u -> u.getName()).orElse(actor)));
    out.put("email", Value.of(git.user().map(u -> u.getEmailAddress()).orElse("")));
    return new Value.Obj(out);
  }

  private static Value path(Value v, String... keys) {
    Value at = v;
    for (String k : keys) {
      if (!(at instanceof Value.Obj o)) {
        return Value.NULL;
      }
      at = o.entries().getOrDefault(k, Value.NULL);
    }
    return at;
  }

  private static String str(Value v) {
    return v instanceof Value.Str s ? s.value() : "";
  }
}
