// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an expression can see: the contexts by name, the job status for the status functions,
 * and the file hasher for {@code hashFiles}. Immutable; safe to share between threads when its
 * collaborators are.
 *
 * <p>Context names are case-insensitive. {@code forge}, {@code forgejo} and {@code gitea} are
 * Forgejo's aliases of {@code github} unless the caller supplies them. A {@linkplain #KNOWN known}
 * context that was not supplied is {@code null}; any other name is an {@link
 * ExpressionException.Kind#UNKNOWN_CONTEXT} error.
 *
 * @param contexts the contexts, keyed by name
 * @param status what the status functions read
 * @param files what {@code hashFiles} calls
 */
public record EvaluationContext(Value.Obj contexts, JobStatus status, FileHasher files) {
  /** The context names of GitHub Actions plus Forgejo's aliases. */
  public static final Set<String> KNOWN =
      Set.of(
          "github",
          "env",
          "vars",
          "secrets",
          "job",
          "jobs",
          "steps",
          "runner",
          "needs",
          "strategy",
          "matrix",
          "inputs",
          "forge",
          "forgejo",
          "gitea");

  private static final Set<String> ALIASES_OF_GITHUB = Set.of("forge", "forgejo", "gitea");

  public EvaluationContext {
    Objects.requireNonNull(contexts, "contexts");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(files, "files");
  }

  /** The given contexts, a successful job, and no workspace. */
  public static EvaluationContext of(Map<String, Value> contexts) {
    return new EvaluationContext(
        new Value.Obj(contexts), JobStatus.of(JobStatus.State.SUCCESS), FileHasher.UNAVAILABLE);
  }

  /** The context called {@code name}, or null when the name is unknown. */
  Value lookup(String name) {
    Value v = contexts.get(name);
    if (v != null) {
      return v;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (ALIASES_OF_GITHUB.contains(lower)) {
      Value github = contexts.get("github");
      return github != null ? github : Value.NULL;
    }
    return KNOWN.contains(lower) ? Value.NULL : null;
  }
}
