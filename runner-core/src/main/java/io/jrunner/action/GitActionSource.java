// SPDX-License-Identifier: Apache-2.0
package io.jrunner.action;

import io.jrunner.exec.ActionRef;
import io.jrunner.exec.ActionSource;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.LineSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ActionSource} over git (smart HTTP, or any transport JGit speaks), with a cache on disk:
 * one bare repository per URL ({@code <dir>/repos/<key>.git}), updated with a fetch per use, and
 * one extracted tree per resolved commit ({@code <dir>/trees/<key>/<commit>}), so that an action
 * pinned to a commit is downloaded once and every later job uses the extracted files. When the
 * fetch fails (the forge is down) but the ref is already known, the cached commit is used and a
 * warning is logged to the job.
 *
 * <p>Threading: thread-safe; one lock per repository URL serialises its fetches and extractions.
 */
public final class GitActionSource implements ActionSource {
  private static final Logger LOG = LoggerFactory.getLogger(GitActionSource.class);
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  private final Path dir;
  private final Optional<String> instanceUrl;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * @param dir the cache directory (created when missing)
   * @param instanceUrl the Forgejo instance: repositories under it are fetched with the task's
   *     token
   */
  public GitActionSource(Path dir, Optional<String> instanceUrl) {
    this.dir = dir;
    this.instanceUrl = instanceUrl.map(GitActionSource::withoutSlash);
  }

  @Override
  public Optional<String> instanceUrl() {
    return instanceUrl;
  }

  @Override
  public Fetched fetch(ActionRef.Remote ref, Optional<String> token, LineSink log)
      throws BackendException, InterruptedException {
    String key = key(ref.repoUrl());
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lockInterruptibly();
    try {
      Path trees = dir.resolve("trees").resolve(key);
      if (COMMIT.matcher(ref.ref()).matches() && Files.isDirectory(trees.resolve(ref.ref()))) {
        return new Fetched(trees.resolve(ref.ref()), ref.ref());
      }
      Path bare = dir.resolve("repos").resolve(key + ".git");
      Files.createDirectories(bare.getParent());
      try (Repository repo = open(bare)) {
        Optional<String> fetchError = fetch(repo, ref, token, log);
        ObjectId commit = resolve(repo, ref.ref());
        if (commit == null && fetchError.isEmpty() && COMMIT.matcher(ref.ref()).matches()) {
          // A commit no branch or tag reaches: the head of a pull request (refs/pull/N/head on
          // Forgejo), e.g. github.sha when a pull request calls a local reusable workflow.
          fetchError =
              fetch(repo, ref, token, log, new RefSpec("+refs/pull/*/head:refs/remotes/pull/*"));
          commit = resolve(repo, ref.ref());
        }
        if (commit == null) {
          throw new BackendException(
              fetchError
                  .map(e -> "cannot fetch " + ref.repoUrl() + ": " + e)
                  .orElse(
                      "cannot find "
                          + ref.ref()
                          + " in "
                          + ref.repoUrl()
                          + " (no such branch, tag or commit)"));
        }
        fetchError.ifPresent(
            e ->
                log.line(
                    false,
                    "Warning: cannot update "
                        + ref.repoUrl()
                        + " ("
                        + e
                        + "); using the cached "
                        + ref.ref()));
        String id = commit.name();
        Path tree = trees.resolve(id);
        if (!Files.isDirectory(tree)) {
          extract(repo, commit, trees, tree);
        }
        return new Fetched(tree, id);
      }
    } catch (IOException e) {
      throw new BackendException(
          "cannot store " + ref.repoUrl() + " in the action cache " + dir + ": " + e.getMessage(),
          e);
    } finally {
      lock.unlock();
    }
  }

  private static Repository open(Path bare) throws IOException {
    Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build();
    if (!repo.getObjectDatabase().exists()) {
      repo.create(true);
    }
    return repo;
  }

  /** Fetches branches and tags; returns the error text when the fetch failed. */
  private Optional<String> fetch(
      Repository repo, ActionRef.Remote ref, Optional<String> token, LineSink log) {
    log.line(false, "Fetching " + ref.repoUrl() + "@" + ref.ref());
    return fetch(
        repo,
        ref,
        token,
        log,
        new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
        new RefSpec("+refs/tags/*:refs/tags/*"));
  }

  private Optional<String> fetch(
      Repository repo,
      ActionRef.Remote ref,
      Optional<String> token,
      LineSink log,
      RefSpec... specs) {
    String url = ref.repoUrl() + ".git";
    try (Git git = new Git(repo)) {
      var fetch = git.fetch().setRemote(url).setRefSpecs(specs).setRemoveDeletedRefs(true);
      if (token.isPresent()
          && instanceUrl.isPresent()
          && (ref.repoUrl() + "/").startsWith(instanceUrl.get() + "/")) {
        fetch.setCredentialsProvider(
            new UsernamePasswordCredentialsProvider("x-access-token", token.get()));
      }
      fetch.call();
      return Optional.empty();
    } catch (GitAPIException | RuntimeException e) {
      LOG.debug("fetch of {} failed", ref.repoUrl(), e);
      return Optional.of(FetchErrors.describe(e, ref.repoUrl()));
    }
  }

  private static ObjectId resolve(Repository repo, String ref) throws IOException {
    for (String candidate : List.of("refs/tags/" + ref, "refs/remotes/origin/" + ref, ref)) {
      try {
        ObjectId id = repo.resolve(candidate + "^{commit}");
        if (id != null) {
          return id;
        }
      } catch (org.eclipse.jgit.errors.RevisionSyntaxException
          | org.eclipse.jgit.errors.AmbiguousObjectException e) {
        // not this form; try the next
      } catch (org.eclipse.jgit.errors.MissingObjectException e) {
        return null;
      }
    }
    return null;
  }

  /** Writes the commit's files to a temporary directory, then moves it into place. */
  private static void extract(Repository repo, ObjectId commitId, Path trees, Path target)
      throws IOException {
    Files.createDirectories(trees);
    Path tmp = Files.createTempDirectory(trees, ".extract-");
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tw = new TreeWalk(repo)) {
      RevCommit commit = walk.parseCommit(commitId);
      tw.addTree(commit.getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        Path file = tmp.resolve(tw.getPathString()).normalize();
        if (!file.startsWith(tmp)) {
          throw new IOException("refusing a path outside the tree: " + tw.getPathString());
        }
        Files.createDirectories(file.getParent());
        FileMode mode = tw.getFileMode(0);
        ObjectLoader loader = repo.open(tw.getObjectId(0));
        if (mode == FileMode.SYMLINK) {
          Files.createSymbolicLink(
              file, Path.of(new String(loader.getBytes(), StandardCharsets.UTF_8)));
        } else if (mode == FileMode.GITLINK) {
          Files.createDirectories(file); // a submodule: not fetched
        } else {
          try (InputStream in = loader.openStream()) {
            Files.copy(in, file);
          }
          if (mode == FileMode.EXECUTABLE_FILE) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, perms);
          }
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String key(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      String host = url.replaceFirst("^[a-z]+://", "").replaceAll("[^A-Za-z0-9._-]", "_");
      return (host.length() > 60 ? host.substring(host.length() - 60) : host)
          + "-"
          + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The default cache directory: {@code $XDG_CACHE_HOME/jrunner/actions} or under the home. */
  public static Path defaultDir(java.util.Map<String, String> env, Path home) {
    String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
    Path base = xdg.isEmpty() ? home.resolve(".cache") : Path.of(xdg);
    return base.resolve("jrunner").resolve("actions");
  }
}
