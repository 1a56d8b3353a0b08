// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.expr.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contexts of a local run ({@code jrunner exec}): a {@code github} context describing the
 * working directory as a repository, the given secrets and variables.
 */
record LocalContexts(
    Path directory,
    String event,
    Map<String, String> secrets,
    Map<String, String> vars,
    Value.Obj eventPayload,
    java.util.Optional<LocalGit> git) {

  LocalContexts(
      Path directory, String event, Map<String, String> secrets, Map<String, String> vars) {
    this(directory, event, secrets, vars, new Value.Obj(Map.of()), java.util.Optional.empty());
  }

  /** The workspace path inside the job container. */
  String workspace() {
    return "/workspace/local/" + repoName();
  }

  String repoName() {
    if (git.flatMap(LocalGit::repository).isPresent()) {
      String repo = git.flatMap(LocalGit::repository).get();
      return repo.substring(repo.indexOf('/') + 1);
    }
    Path name = directory.getFileName();
    return name == null || name.toString().isBlank() ? "workspace" : name.toString();
  }

  Map<String, Value> base(String jobId, String workflowName) {
    Map<String, Value> github = new LinkedHashMap<>();
    github.put("event_name", Value.of(event));
    github.put("event", eventPayload);
    String ref = git.map(LocalGit::ref).orElse("refs/heads/main");
    github.put("ref", Value.of(ref));
    github.put("ref_name", Value.of(ref.replaceFirst("^refs/(heads|tags)/", "")));
    github.put("ref_type", Value.of(ref.startsWith("refs/tags/") ? "tag" : "branch"));
    github.put("sha", Value.of(git.map(LocalGit::sha).orElse("0".repeat(40))));
    String repository = git.flatMap(LocalGit::repository).orElse("local/" + repoName());
    github.put("repository", Value.of(repository));
    github.put("repository_owner", Value.of(repository.substring(0, repository.indexOf('/'))));
    github.put("actor", Value.of("jrunner"));
    github.put("run_id", Value.of("1"));
    github.put("run_number", Value.of("1"));
    github.put("run_attempt", Value.of("1"));
    github.put("job", Value.of(jobId));
    github.put("workspace", Value.of(workspace()));
    github.put("server_url", Value.of(""));
    github.put("api_url", Value.of(""));
    github.put("workflow", Value.of(workflowName));
    github.putAll(EventPayloads.githubFields(event, eventPayload));
    Map<String, Value> contexts = new LinkedHashMap<>();
    contexts.put("github", new Value.Obj(github));
    contexts.put("secrets", strings(secrets));
    contexts.put("vars", strings(vars));
    contexts.put(
        "inputs",
        eventPayload.entries().get("inputs") instanceof Value.Obj inputs
            ? inputs
            : new Value.Obj(Map.of()));
    return contexts;
  }

  static Value.Obj strings(Map<String, String> map) {
    Map<String, Value> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Value.of(v)));
    return new Value.Obj(out);
  }
}
