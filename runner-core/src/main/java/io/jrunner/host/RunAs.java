// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import io.jrunner.exec.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Host jobs run as another user than the runner's ({@code host.run_as}), for a runner that runs as
 * root: each step is started through util-linux's {@code setpriv} with that user's uid, gid and
 * supplementary groups, with {@code HOME}, {@code USER} and {@code LOGNAME} set to the user's, and
 * the job directory is handed to the user. The job then cannot read the runner's files ({@code
 * .runner}, the config, the spool), which are 0600 root.
 *
 * @param user the user name
 * @param uid the user's numeric id
 * @param gid the user's primary group id
 * @param home the user's home directory
 */
public record RunAs(String user, int uid, int gid, String home) {

  /**
   * Resolves {@code user} on this machine.
   *
   * @throws BackendException when the runner is not root, the user does not exist, or {@code
   *     setpriv} is missing; the message says what to change
   */
  public static RunAs resolve(String user) throws BackendException {
    if (!"0".equals(run("id", "-u").strip())) {
      throw new BackendException(
          "host.run_as: "
              + user
              + " needs the runner to run as root (it runs as "
              + run("id", "-un").strip()
              + "); remove host.run_as or run the runner as root");
    }
    String entry = run("getent", "passwd", user).strip();
    String[] f = entry.split(":", -1);
    if (f.length < 7) {
      throw new BackendException("host.run_as: no user " + user + " on this machine");
    }
    if (run("sh", "-c", "command -v setpriv || true").isBlank()) {
      throw new BackendException(
          "host.run_as needs setpriv (util-linux): install it, e.g. apt-get install util-linux");
    }
    int uid = Integer.parseInt(f[2]);
    if (uid == 0) {
      throw new BackendException("host.run_as: " + user + " is root; name an unprivileged user");
    }
    return new RunAs(f[0], uid, Integer.parseInt(f[3]), f[5]);
  }

  /**
   * Checks that {@code user} can enter {@code parent}: every directory on the way must let others
   * through ({@code o+x}), or the job's own directory, handed to the user, is out of its reach.
   *
   * @throws BackendException naming the directory and what to change
   */
  static void reachable(Path parent, RunAs user) throws BackendException {
    for (Path p = parent.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new BackendException(
              "host.run_as: "
                  + user.user()
                  + " cannot enter "
                  + p
                  + " (mode "
                  + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                  + "); set host.workdir_parent to a directory other users may pass through,"
                  + " e.g. /var/lib/jrunner-host");
        }
      } catch (IOException e) {
        throw new BackendException("host.run_as: cannot read " + p + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code command} started as this user. */
  List<String> wrap(List<String> command) {
    List<String> out = new ArrayList<>();
    out.add("setpriv");
    out.add("--reuid=" + uid);
    out.add("--regid=" + gid);
    out.add("--init-groups");
    out.add("--");
    out.addAll(command);
    return out;
  }

  /** What the user's login would set. */
  Map<String, String> env() {
    return Map.of("HOME", home, "USER", user, "LOGNAME", user);
  }

  /** Hands {@code root} and everything below it to this user. */
  void own(Path root) throws IOException {
    UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = lookup.lookupPrincipalByName(user);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            set(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            set(file);
            return FileVisitResult.CONTINUE;
          }

          private void set(Path p) throws IOException {
            PosixFileAttributeView view =
                Files.getFileAttributeView(
                    p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            view.setGroup(group);
          }
        });
  }

  private static String run(String... command) throws BackendException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return "";
      }
      return p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      throw new BackendException(
          "host.run_as: cannot run " + command[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("host.run_as: interrupted", e);
    }
  }
}
