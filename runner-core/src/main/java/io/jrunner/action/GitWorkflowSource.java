// SPDX-License-Identifier: Apache-2.0
package io.jrunner.action;

import io.jrunner.exec.ActionRef;
import io.jrunner.exec.ActionSource;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.LineSink;
import io.jrunner.exec.WorkflowCallException;
import io.jrunner.exec.WorkflowSource;
import io.jrunner.model.WorkflowRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads reusable workflows as forgejo-runner does ({@code act/runner/reusable_workflow.go}): a
 * remote one ({@code owner/repo/.forgejo/workflows/x.yml@ref}) is cloned from the Forgejo instance
 * (not from the default actions URL) unless the reference names its own host, with the task's token
 * only when it is the run's own repository; a local one ({@code ./...}) is read from the working
 * copy when there is one ({@code jrunner exec}), else cloned from the instance at the run's commit
 * with the task's token. Clones go through an {@link ActionSource} (the action cache).
 *
 * <p>Threading: thread-safe.
 */
public final class GitWorkflowSource implements WorkflowSource {
  private final ActionSource git;
  private final Optional<String> instanceUrl;
  private final String repository;
  private final String sha;
  private final Optional<String> token;
  private final Optional<Path> workingCopy;

  /**
   * @param git clones and caches repositories
   * @param instanceUrl the Forgejo instance; without one, only references naming a host (and, with
   *     a working copy, local ones) can be read
   * @param repository the run's repository ({@code github.repository})
   * @param sha the run's commit ({@code github.sha})
   * @param token the task's token, never logged
   * @param workingCopy the directory local references are read from, if any
   */
  public GitWorkflowSource(
      ActionSource git,
      Optional<String> instanceUrl,
      String repository,
      String sha,
      Optional<String> token,
      Optional<Path> workingCopy) {
    this.git = git;
    this.instanceUrl = instanceUrl.map(u -> u.replaceAll("/+$", ""));
    this.repository = repository;
    this.sha = sha;
    this.token = token;
    this.workingCopy = workingCopy;
  }

  @Override
  public Loaded load(WorkflowRef ref, LineSink log)
      throws WorkflowCallException, InterruptedException {
    return switch (ref) {
      case WorkflowRef.Local l when workingCopy.isPresent() -> fromWorkingCopy(l);
      case WorkflowRef.Local l ->
          clone(l.uses(), instance(l), repository, sha, l.path(), token, log);
      case WorkflowRef.Remote r -> {
        boolean own = r.baseUrl().isEmpty() && r.repository().equalsIgnoreCase(repository);
        yield clone(
            r.uses(),
            r.baseUrl().isPresent() ? r.baseUrl().get() : instance(r),
            r.repository(),
            r.ref(),
            r.path(),
            own ? token : Optional.empty(),
            log);
      }
    };
  }

  private String instance(WorkflowRef ref) throws WorkflowCallException {
    return instanceUrl.orElseThrow(
        () ->
            new WorkflowCallException(
                "cannot read "
                    + ref.uses()
                    + ": no Forgejo instance to fetch it from (jrunner exec: --forgejo-instance"
                    + " URL)"));
  }

  private Loaded fromWorkingCopy(WorkflowRef.Local ref) throws WorkflowCallException {
    Path root = workingCopy.get().toAbsolutePath().normalize();
    Path file = root.resolve(ref.path()).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      throw new WorkflowCallException(
          "cannot read " + ref.uses() + ": no such file in the working copy " + root);
    }
    try {
      return new Loaded(ref.path(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WorkflowCallException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Loaded clone(
      String uses,
      String base,
      String repo,
      String ref,
      String path,
      Optional<String> auth,
      LineSink log)
      throws WorkflowCallException, InterruptedException {
    String url = base + "/" + repo;
    ActionSource.Fetched fetched;
    try {
      fetched = git.fetch(new ActionRef.Remote(uses, url, repo, "", ref), auth, log);
    } catch (BackendException e) {
      String message = String.valueOf(e.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      throw new WorkflowCallException(
          "cannot fetch the reusable workflow "
              + uses
              + ": "
              + message
              + (lower.contains("auth")
                      || lower.contains("not permitted")
                      || lower.contains("not found")
                      || lower.contains("does not exist")
                      || lower.contains("401")
                  ? auth.isEmpty()
                      ? " (is "
                          + repo
                          + " private? the runner reads repositories other than the run's own"
                          + " without a token, so only public ones)"
                      : " (the task's token cannot read " + repo + ")"
                  : ""),
          e);
    }
    Path file = fetched.dir().resolve(path).normalize();
    if (!file.startsWith(fetched.dir()) || !Files.isRegularFile(file)) {
      throw new WorkflowCallException(
          "cannot read " + uses + ": " + path + " does not exist in " + url + " at " + ref);
    }
    try {
      return new Loaded(
          url + "@" + fetched.commit() + ":" + path,
          Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WorkflowCallException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
