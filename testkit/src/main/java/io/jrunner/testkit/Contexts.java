// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/** The task context a current Forgejo sends (protocol.md §4.6), for a push to main. */
public final class Contexts {
  /** The repository of every task unless its job's context says otherwise. */
  public static final String REPOSITORY = "jr/demo";

  private Contexts() {}

  public static Struct forgejo(
      String serverUrl, String jobId, long runId, String token, String runtimeToken) {
    String repo = REPOSITORY;
    Struct event =
        Struct.newBuilder()
            .putFields("ref", str("refs/heads/main"))
            .putFields("after", str("0123456789abcdef0123456789abcdef01234567"))
            .putFields(
                "repository",
                Value.newBuilder()
                    .setStructValue(
                        Struct.newBuilder()
                            .putFields("full_name", str(repo))
                            .putFields("id", Value.newBuilder().setNumberValue(1).build()))
                    .build())
            .build();
    Struct.Builder b = Struct.newBuilder();
    for (String empty :
        new String[] {
          "action",
          "action_path",
          "action_ref",
          "action_repository",
          "action_status",
          "base_ref",
          "head_ref",
          "env",
          "path",
          "event_path",
          "graphql_url",
          "workspace",
          "triggering_actor",
          "retention_days",
          "job_name",
          "runner_perflog",
          "runner_tracking_id"
        }) {
      b.putFields(empty, str(""));
    }
    String server = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    return b.putFields("actor", str("jr"))
        .putFields("actor_id", str("1"))
        .putFields("api_url", str(server + "api/v1"))
        .putFields("event", Value.newBuilder().setStructValue(event).build())
        .putFields("event_name", str("push"))
        .putFields("job", str(jobId))
        .putFields("ref", str("refs/heads/main"))
        .putFields("ref_name", str("main"))
        .putFields("ref_type", str("branch"))
        .putFields("ref_protected", Value.newBuilder().setBoolValue(false).build())
        .putFields("repository", str(repo))
        .putFields("repository_id", str("1"))
        .putFields("repository_owner", str("jr"))
        .putFields("repository_owner_id", str("1"))
        .putFields("repositoryUrl", str(server + repo))
        .putFields("run_id", str(Long.toString(runId)))
        .putFields("run_number", str(Long.toString(runId)))
        .putFields("run_attempt", str("1"))
        .putFields("secret_source", str("Actions"))
        .putFields("server_url", str(server))
        .putFields("sha", str("0123456789abcdef0123456789abcdef01234567"))
        .putFields("token", str(token))
        .putFields("workflow", str("ci.yml"))
        .putFields("workflow_ref", str(repo + "/.forgejo/workflows/ci.yml@refs/heads/main"))
        .putFields("forgejo_default_actions_url", str("https://data.forgejo.org"))
        .putFields("gitea_default_actions_url", str("https://data.forgejo.org"))
        .putFields("forgejo_server_version", str("15.0.0+fake"))
        .putFields("forgejo_runtime_token", str(runtimeToken))
        .putFields("gitea_runtime_token", str(runtimeToken))
        .build();
  }

  /**
   * What triggered a run, as the keys of the task context that a runner's policy looks at; {@link
   * FakeJob#withContext} takes {@link #overrides()}.
   *
   * @param ref {@code ref}, e.g. {@code refs/heads/feature/x}
   * @param refProtected {@code ref_protected}; null leaves the key out, as servers older than the
   *     key do
   * @param eventName {@code event_name}, e.g. {@code pull_request}
   * @param repository {@code repository} ({@code owner/name}); also sets {@code repository_owner}
   */
  public record Trigger(String ref, Boolean refProtected, String eventName, String repository) {
    /** A push to {@code main} of {@code jr/demo} (the default context), protected or not. */
    public static Trigger pushToMain(boolean refProtected) {
      return new Trigger("refs/heads/main", refProtected, "push", "jr/demo");
    }

    /** The same trigger on another ref. */
    public Trigger onRef(String value) {
      return new Trigger(value, refProtected, eventName, repository);
    }

    /** The same trigger by another event. */
    public Trigger byEvent(String value) {
      return new Trigger(ref, refProtected, value, repository);
    }

    /** The context keys to merge over {@link #forgejo}. */
    public Struct overrides() {
      String name = ref.replaceFirst("^refs/(heads|tags|pull)/", "");
      Struct.Builder b =
          Struct.newBuilder()
              .putFields("ref", str(ref))
              .putFields("ref_name", str(name))
              .putFields("ref_type", str(ref.startsWith("refs/tags/") ? "tag" : "branch"))
              .putFields("event_name", str(eventName))
              .putFields("repository", str(repository))
              .putFields("repository_owner", str(repository.replaceFirst("/.*", "")));
      b.putFields(
          "ref_protected",
          refProtected == null
              ? Value.newBuilder().setNullValueValue(0).build()
              : Value.newBuilder().setBoolValue(refProtected).build());
      return b.build();
    }
  }

  /**
   * {@code context} without its null-valued keys: a null override in {@link FakeJob#context}
   * removes the key (a context key Forgejo never sends as null).
   */
  static Struct withoutNulls(Struct context) {
    Struct.Builder b = Struct.newBuilder();
    context
        .getFieldsMap()
        .forEach(
            (k, v) -> {
              if (v.getKindCase() != Value.KindCase.NULL_VALUE) {
                b.putFields(k, v);
              }
            });
    return b.build();
  }

  private static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }
}
