// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What {@code jrunner exec} copies into a job's workspace, as act does by default: the files git
 * tracks plus the untracked ones {@code .gitignore} does not ignore, and the {@code .git} directory
 * (so git commands work in the job); everything with {@code --use-gitignore=false} or outside a git
 * work tree. The files are staged in a temporary directory once per run and copied from there into
 * each job. Not thread-safe; {@link #close} deletes the staging directory.
 */
final class WorkspaceCopy implements AutoCloseable {
  private final Path staged;
  private final int files;
  private final boolean filtered;

  private WorkspaceCopy(Path staged, int files, boolean filtered) {
    this.staged = staged;
    this.files = files;
    this.filtered = filtered;
  }

  /**
   * Stages the contents of {@code directory}.
   *
   * @param useGitignore leave out what {@code .gitignore} ignores (when {@code directory} is a git
   *     work tree's top)
   * @throws UserError when the files cannot be read or copied
   */
  static WorkspaceCopy stage(Path directory, boolean useGitignore) throws UserError {
    Path dir = directory.toAbsolutePath().normalize();
    try {
      Path staged = Files.createTempDirectory("jrunner-workspace-");
      Set<String> selected = useGitignore ? gitFiles(dir) : null;
      if (selected == null) {
        return new WorkspaceCopy(staged, copyTree(dir, staged), false);
      }
      for (String rel : selected) {
        Path from = dir.resolve(rel);
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)
            && !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
          Path to = staged.resolve(rel);
          Files.createDirectories(to.getParent());
          Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
      }
      int count = selected.size();
      if (Files.isDirectory(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
        copyTree(dir.resolve(".git"), staged.resolve(".git"));
      }
      return new WorkspaceCopy(staged, count, true);
    } catch (IOException e) {
      throw new UserError(
          ExitCode.FAILURE, "cannot copy " + dir + " for the workspace: " + e.getMessage(), e);
    }
  }

  /** The staged directory, whose contents go into each job's workspace. */
  Path dir() {
    return staged;
  }

  /** One line for the console: what was copied. */
  String describe(Path directory) {
    return "workspace: "
        + files
        + " file(s) of "
        + directory.toAbsolutePath().normalize()
        + (filtered
            ? " (tracked and untracked, .gitignore applied; --use-gitignore=false copies all)"
            : " (all files)");
  }

  /** The tracked and not-ignored untracked paths, or null when {@code dir} is no work tree top. */
  private static Set<String> gitFiles(Path dir) throws IOException {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
    if (builder.getGitDir() == null) {
      return null;
    }
    try (Repository repo = builder.build();
        Git git = new Git(repo)) {
      if (repo.isBare() || !repo.getWorkTree().toPath().toRealPath().equals(dir.toRealPath())) {
        return null;
      }
      Set<String> out = new TreeSet<>();
      DirCache index = repo.readDirCache();
      for (int i = 0; i < index.getEntryCount(); i++) {
        out.add(index.getEntry(i).getPathString());
      }
      out.addAll(git.status().call().getUntracked());
      return out;
    } catch (GitAPIException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static int copyTree(Path from, Path to) throws IOException {
    int[] count = {0};
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(d).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.copy(
                f,
                to.resolve(from.relativize(f).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            count[0]++;
            return FileVisitResult.CONTINUE;
          }
        });
    return count[0];
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(staged)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless; nothing to report to the user.
      staged.toFile().deleteOnExit();
    }
  }
}
