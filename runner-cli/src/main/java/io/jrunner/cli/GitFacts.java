// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.expr.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What {@code jrunner exec} reads from the git repository around its directory to decide which
 * workflows an event triggers and to build a push payload: the branch, the tags at HEAD, the files
 * the HEAD commit and the uncommitted changes touch, the default branch. Read once; immutable.
 *
 * @param sha the HEAD commit
 * @param ref HEAD's full ref, or the sha when detached
 * @param tags the full refs of the tags pointing at HEAD
 * @param changed the paths changed by HEAD (against its first parent) and in the work tree
 * @param defaultBranch {@code origin/HEAD}'s branch, else {@code main} or {@code master} if it
 *     exists, else the current branch
 * @param before HEAD's first parent, or 40 zeros for a root commit
 * @param head the HEAD commit as Forgejo's push payload writes a commit
 * @param user {@code user.name} and {@code user.email} of the git config, if set
 */
record GitFacts(
    String sha,
    String ref,
    List<String> tags,
    List<String> changed,
    String defaultBranch,
    String before,
    Value.Obj head,
    Optional<PersonIdent> user) {

  /** Empty when {@code directory} is not in a git work tree with a commit. */
  static Optional<GitFacts> read(Path directory) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repo = builder.build();
        Git git = new Git(repo);
        RevWalk walk = new RevWalk(repo)) {
      ObjectId headId = repo.resolve("HEAD");
      if (headId == null) {
        return Optional.empty();
      }
      RevCommit head = walk.parseCommit(headId);
      Ref headRef = repo.exactRef("HEAD");
      String ref =
          headRef != null && headRef.isSymbolic() ? headRef.getTarget().getName() : head.getName();
      List<String> tags = new ArrayList<>();
      for (Ref t : repo.getRefDatabase().getRefsByPrefix("refs/tags/")) {
        Ref peeled = repo.getRefDatabase().peel(t);
        ObjectId target =
            peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : t.getObjectId();
        if (headId.equals(target)) {
          tags.add(t.getName());
        }
      }
      TreeSet<String> changed = new TreeSet<>();
      List<String> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      List<String> modified = new ArrayList<>();
      try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
        diff.setRepository(repo);
        diff.setDetectRenames(false);
        RevCommit parent = head.getParentCount() > 0 ? walk.parseCommit(head.getParent(0)) : null;
        for (DiffEntry e : diff.scan(parent == null ? null : parent.getTree(), head.getTree())) {
          switch (e.getChangeType()) {
            case ADD, COPY -> added.add(e.getNewPath());
            case DELETE -> removed.add(e.getOldPath());
            default -> modified.add(e.getNewPath());
          }
          changed.add(
              e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath());
        }
      }
      Status status = git.status().call();
      changed.addAll(status.getUncommittedChanges());
      changed.addAll(status.getUntracked());
      String before =
          head.getParentCount() > 0 ? head.getParent(0).getName() : ObjectId.zeroId().getName();
      String url = repo.getConfig().getString("remote", "origin", "url");
      Optional<PersonIdent> user =
          Optional.ofNullable(repo.getConfig().getString("user", null, "name"))
              .map(
                  n ->
                      new PersonIdent(
                          n,
                          Optional.ofNullable(repo.getConfig().getString("user", null, "email"))
                              .orElse("")));
      return Optional.of(
          new GitFacts(
              head.getName(),
              ref,
              tags,
              List.copyOf(changed),
              defaultBranch(repo, ref),
              before,
              commit(head, url, added, removed, modified),
              user));
    } catch (IOException | GitAPIException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String defaultBranch(Repository repo, String ref) throws IOException {
    Ref origin = repo.exactRef("refs/remotes/origin/HEAD");
    if (origin != null && origin.isSymbolic()) {
      return origin.getTarget().getName().replaceFirst("^refs/remotes/origin/", "");
    }
    for (String name : List.of("main", "master")) {
      if (repo.exactRef("refs/heads/" + name) != null) {
        return name;
      }
    }
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "main";
  }

  private static Value.Obj commit(
      RevCommit c, String url, List<String> added, List<String> removed, List<String> modified) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("id", Value.of(c.getName()));
    out.put("message", Value.of(c.getFullMessage()));
    out.put(
        "url",
        Value.of(url == null ? "" : url.replaceFirst("\\.git$", "") + "/commit/" + c.getName()));
    out.put("author", person(c.getAuthorIdent()));
    out.put("committer", person(c.getCommitterIdent()));
    out.put(
        "timestamp",
        Value.of(Instant.ofEpochSecond(c.getCommitTime()).atOffset(ZoneOffset.UTC).toString()));
    out.put("added", strings(added));
    out.put("removed", strings(removed));
    out.put("modified", strings(modified));
    return new Value.Obj(out);
  }

  static Value.Obj person(PersonIdent p) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("name", Value.of(p.getName()));
    out.put("email", Value.of(p.getEmailAddress()));
    out.put("username", Value.of(p.getName()));
    return new Value.Obj(out);
  }

  private static Value.Arr strings(List<String> values) {
    return new Value.Arr(values.stream().map(Value::of).map(Value.class::cast).toList());
  }
}
