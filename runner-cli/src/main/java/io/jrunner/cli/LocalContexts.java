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
    Path directory, String event, Map<String, String> secrets, Map<String, String> vars) {

  /** The workspace path inside the job container. */
  String workspace() {
    return "/workspace/local/" + repoName();
  }

  String repoName() {
    Path name = directory.getFileName();
    return name == null || name.toString().isBlank() ? "workspace" : name.toString();
  }

  Map<String, Value> base(String jobId) {
    Map<String, Value> github = new LinkedHashMap<>();
    github.put("event_name", Value.of(event));
    github.put("event", new Value.Obj(Map.of()));
    github.put("ref", Value.of("refs/heads/main"));
    github.put("ref_name", Value.of("main"));
    github.put("ref_type", Value.of("branch"));
    github.put("sha", Value.of("0".repeat(40)));
    github.put("repository", Value.of("local/" + repoName()));
    github.put("repository_owner", Value.of("local"));
    github.put("actor", Value.of("jrunner"));
    github.put("run_id", Value.of("1"));
    github.put("run_number", Value.of("1"));
    github.put("run_attempt", Value.of("1"));
    github.put("job", Value.of(jobId));
    github.put("workspace", Value.of(workspace()));
    github.put("server_url", Value.of(""));
    github.put("api_url", Value.of(""));
    github.put("workflow", Value.of("local"));
    Map<String, Value> contexts = new LinkedHashMap<>();
    contexts.put("github", new Value.Obj(github));
    contexts.put("secrets", strings(secrets));
    contexts.put("vars", strings(vars));
    contexts.put("inputs", new Value.Obj(Map.of()));
    return contexts;
  }

  static Value.Obj strings(Map<String, String> map) {
    Map<String, Value> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Value.of(v)));
    return new Value.Obj(out);
  }
}
