// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what host jobs of an earlier, crashed run of this runner left: their processes (a
 * SIGKILLed daemon cannot stop its children, which init adopts and which run on) and their job
 * directories. The host counterpart of the Docker backend's {@code Reaper}.
 *
 * <p>Every process a host job starts carries {@link #MARK} = the runner's id in its environment
 * (children inherit it), and every job directory holds the runner's id in {@link #OWNER_FILE}, so a
 * sweep touches only this runner's leftovers: another runner on the same machine, sharing the work
 * directory, is left alone. A step that clears its environment for a background process escapes the
 * sweep.
 *
 * <p>Call it at start-up, before the first task (the {@code .runner} lock makes this daemon the
 * only one with its id). Blocking; never throws: what cannot be read or removed is logged.
 */
public final class HostReaper {
  /** The environment variable that marks a host job's processes with the runner's id. */
  public static final String MARK = "JRUNNER_HOST_RUNNER";

  /** The file in a job directory that names the runner that made it. */
  static final String OWNER_FILE = ".jrunner-runner";

  private static final Logger LOG = LoggerFactory.getLogger(HostReaper.class);

  private final Path proc;

  /** A reaper reading processes from {@code /proc}. */
  public HostReaper() {
    this(Path.of("/proc"));
  }

  HostReaper(Path proc) {
    this.proc = proc;
  }

  /** What one sweep removed. */
  public record Swept(int processes, int directories) {}

  /**
   * Kills this runner's leftover host-job processes and deletes its leftover job directories under
   * {@code parent}.
   */
  public Swept sweep(Path parent, String runnerId) {
    int killed = 0;
    for (ProcessHandle p : marked(runnerId)) {
      if (p.destroyForcibly()) {
        killed++;
      }
    }
    int removed = 0;
    if (Files.isDirectory(parent)) {
      try (Stream<Path> dirs = Files.list(parent)) {
        for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("task-")).toList()) {
          if (owner(dir).filter(runnerId::equals).isPresent()) {
            HostJobEnvironment.deleteTree(dir);
            removed++;
          }
        }
      } catch (IOException e) {
        LOG.warn("cannot list the host job directories in {}: {}", parent, e.getMessage());
      }
    }
    if (killed > 0 || removed > 0) {
      LOG.warn(
          "removed what host jobs of an earlier run left: {} process(es), {} job directory(ies)",
          killed,
          removed);
    }
    return new Swept(killed, removed);
  }

  /** The live processes, other than this one, whose environment carries {@code runnerId}. */
  List<ProcessHandle> marked(String runnerId) {
    byte[] entry = (MARK + "=" + runnerId).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> out = new ArrayList<>();
    try (Stream<Path> pids = Files.list(proc)) {
      for (Path dir : pids.toList()) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        if (hasEntry(dir.resolve("environ"), entry)) {
          ProcessHandle.of(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list processes in {}: {}", proc, e.getMessage());
    }
    return out;
  }

  private static boolean hasEntry(Path environ, byte[] entry) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException e) { // gone meanwhile, or another user's process
      return false;
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length
            && java.util.Arrays.equals(env, start, i, entry, 0, i - start)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static Optional<String> owner(Path dir) {
    try {
      return Optional.of(Files.readString(dir.resolve(OWNER_FILE), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
