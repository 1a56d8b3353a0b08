// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.LineSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's directory on the host; steps are child processes. {@link #close()} kills whatever still
 * runs (the whole process tree) and deletes the directory.
 *
 * <p>Threading: {@link #exec} from one thread at a time; {@link #close()} from any thread.
 */
final class HostJobEnvironment implements JobEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(HostJobEnvironment.class);

  /** How long to let a finished step's output drain. */
  private static final java.time.Duration PUMP_DRAIN = java.time.Duration.ofSeconds(2);

  private final Path root;
  private final Map<String, String> jobEnv;
  private final Map<String, String> runnerEnv;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Process> running = new HashSet<>();
  private boolean closed;

  private final String runnerId;
  private final Optional<RunAs> runAs;

  HostJobEnvironment(
      Path root,
      Map<String, String> jobEnv,
      Map<String, String> runnerEnv,
      String runnerId,
      Optional<RunAs> runAs) {
    this.root = root;
    this.jobEnv = jobEnv;
    this.runnerEnv = runnerEnv;
    this.runnerId = runnerId;
    this.runAs = runAs;
  }

  @Override
  public String workspace() {
    return root.resolve("workspace").toString();
  }

  @Override
  public String tempDir() {
    return root.resolve("tmp").toString();
  }

  @Override
  public String runnerTemp() {
    return root.resolve("runner-temp").toString();
  }

  @Override
  public String toolCache() {
    return root.resolve("toolcache").toString();
  }

  @Override
  public int exec(ExecSpec spec, LineSink out, Cancellation stop)
      throws BackendException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(runAs.map(u -> u.wrap(spec.command())).orElse(spec.command()))
            .directory(Path.of(spec.workingDirectory().orElse(workspace())).toFile());
    pb.environment().clear();
    pb.environment().putAll(runnerEnv);
    runAs.ifPresent(u -> pb.environment().putAll(u.env()));
    pb.environment().putAll(jobEnv);
    pb.environment().putAll(spec.env());
    pb.environment().put(HostReaper.MARK, runnerId); // a crashed daemon's next start finds it
    Process process;
    lock.lock();
    try {
      if (closed) {
        throw new BackendException("the job environment is closed");
      }
      process = pb.start();
      running.add(process);
    } catch (IOException e) {
      throw new BackendException(
          "cannot start " + spec.command().get(0) + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    Process started = process;
    stop.onCancel(() -> Thread.ofVirtual().start(() -> ladder(started)));
    Thread stdout = pump(process.getInputStream(), false, out);
    Thread stderr = pump(process.getErrorStream(), true, out);
    try {
      int code = process.waitFor();
      // Background processes a step leaves behind may hold its output open: do not wait for them.
      stdout.join(PUMP_DRAIN.toMillis());
      stderr.join(PUMP_DRAIN.toMillis());
      return code;
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    } finally {
      lock.lock();
      try {
        running.remove(process);
      } finally {
        lock.unlock();
      }
    }
  }

  private static Thread pump(InputStream in, boolean stderr, LineSink out) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  out.line(stderr, line);
                }
              } catch (IOException e) {
                LOG.debug("output stream ended: {}", e.getMessage());
              }
            });
  }

  @Override
  public void copyIn(Path source, String target) throws BackendException {
    Path to = Path.of(target);
    try (var files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(
              p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      if (runAs.isPresent()) {
        runAs.get().own(to);
      }
    } catch (IOException e) {
      throw new BackendException("cannot copy " + source + " to " + target + ": " + e, e);
    }
  }

  @Override
  public void close() {
    Set<Process> toKill;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      toKill = Set.copyOf(running);
    } finally {
      lock.unlock();
    }
    toKill.forEach(HostJobEnvironment::kill);
    deleteTree(root);
  }

  /** Deletes a directory and everything in it; logs what cannot be deleted. */
  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("cannot delete the job directory {}: {}", root, e.getMessage());
    }
  }

  /**
   * SIGTERM to the step's whole process tree (as it is when the stop comes), then SIGKILL to
   * whatever of it is left after {@link JobEnvironment#STOP_GRACE}. Java cannot send SIGINT; the
   * Docker backend starts its ladder with it.
   */
  private static void ladder(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + JobEnvironment.STOP_GRACE.toNanos();
    try {
      while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** Ends a step's whole process tree: children first, then the shell. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
