// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forgejo's REST job queue, {@code GET /api/v1/{scope}/actions/runners/jobs?labels=a,b}, the
 * endpoint KEDA's {@code forgejo-runner} scaler polls (KEDA {@code
 * pkg/scalers/forgejo_runner_scaler.go}): {@code admin/runners/jobs} (every job), {@code
 * user/actions/runners/jobs} (the token owner's repositories), {@code
 * orgs/{org}/actions/runners/jobs}, {@code repos/{owner}/{repo}/actions/runners/jobs}. It lists
 * waiting jobs whose {@code runs_on} is a non-empty subset of {@code labels} (Forgejo's {@code
 * ItRunsOn}: no labels, no match), as a JSON array of {@code {id, attempt, handle, repo_id,
 * owner_id, name, needs, runs_on, task_id, status}}. Stateless: the caller passes the waiting jobs.
 */
final class RunnerJobsApi {
  static final String PREFIX = "/api/v1/";

  private static final Pattern PATH =
      Pattern.compile(
          "^/api/v1/(?:(admin)/runners|(user)/actions/runners|orgs/([^/]+)/actions/runners"
              + "|repos/([^/]+)/([^/]+)/actions/runners)/jobs/?$");

  private RunnerJobsApi() {}

  /** Which jobs a path lists, or empty when the path is not this endpoint. */
  sealed interface Scope {
    record Admin() implements Scope {}

    record User(String login) implements Scope {}

    record Owner(String owner) implements Scope {}

    record Repo(String repository) implements Scope {}
  }

  static Optional<Scope> scope(String path, String userLogin) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(1) != null) {
      return Optional.of(new Scope.Admin());
    }
    if (m.group(2) != null) {
      return Optional.of(new Scope.User(userLogin));
    }
    if (m.group(3) != null) {
      return Optional.of(new Scope.Owner(m.group(3)));
    }
    return Optional.of(new Scope.Repo(m.group(4) + "/" + m.group(5)));
  }

  /** The {@code labels} query parameter split on commas, as Forgejo does. */
  static List<String> labels(String rawQuery) {
    if (rawQuery == null) {
      return List.of("");
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals("labels")) {
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        return Arrays.stream(value.strip().split(",", -1)).toList();
      }
    }
    return List.of("");
  }

  /** The JSON answer for {@code jobs} seen from {@code scope} with {@code labels}. */
  static String answer(Scope scope, List<String> labels, List<JobRow> jobs, Map<String, Long> ids) {
    Set<String> offered = new HashSet<>(labels);
    List<String> items = new ArrayList<>();
    for (JobRow job : jobs) {
      String repo = job.repository();
      String owner = repo.substring(0, Math.max(0, repo.indexOf('/')));
      boolean inScope =
          switch (scope) {
            case Scope.Admin a -> true;
            case Scope.User u -> owner.equalsIgnoreCase(u.login());
            case Scope.Owner o -> owner.equalsIgnoreCase(o.owner());
            case Scope.Repo r -> repo.equalsIgnoreCase(r.repository());
          };
      List<String> runsOn = job.job().runsOn();
      if (!inScope || runsOn.isEmpty() || !offered.containsAll(runsOn)) {
        continue;
      }
      items.add(
          "{\"id\":"
              + job.id()
              + ",\"attempt\":1,\"handle\":\""
              + job.handle()
              + "\",\"repo_id\":"
              + ids.computeIfAbsent(
                  "repo:" + repo.toLowerCase(java.util.Locale.ROOT), k -> (long) ids.size() + 1)
              + ",\"owner_id\":"
              + ids.computeIfAbsent(
                  "owner:" + owner.toLowerCase(java.util.Locale.ROOT), k -> (long) ids.size() + 1)
              + ",\"name\":\""
              + HttpIo.json(job.job().jobId())
              + "\",\"needs\":null,\"runs_on\":["
              + String.join(",", runsOn.stream().map(l -> "\"" + HttpIo.json(l) + "\"").toList())
              + "],\"task_id\":0,\"status\":\"waiting\"}");
    }
    return "[" + String.join(",", items) + "]";
  }
}
