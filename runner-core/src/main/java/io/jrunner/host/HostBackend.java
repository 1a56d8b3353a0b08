// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ExecutionBackend} for {@code NAME:host} labels: steps run as processes of the runner's
 * user on this machine, without isolation, in a fresh directory per job under {@code parent}
 * (forgejo-runner's {@code host.workdir_parent}). Service containers are not available here.
 *
 * <p>Thread-safe.
 */
public final class HostBackend implements ExecutionBackend {
  private final Path parent;
  private final Map<String, String> runnerEnv;
  private final Optional<RunAs> runAs;

  /**
   * @param parent where job directories are made
   * @param runnerEnv the runner's environment, inherited by steps for what they do not set
   */
  public HostBackend(Path parent, Map<String, String> runnerEnv) {
    this(parent, runnerEnv, Optional.empty());
  }

  /**
   * @param parent where job directories are made
   * @param runnerEnv the runner's environment, inherited by steps for what they do not set
   * @param runAs the user steps run as ({@code host.run_as}); empty: the runner's own
   */
  public HostBackend(Path parent, Map<String, String> runnerEnv, Optional<RunAs> runAs) {
    this.parent = parent;
    this.runnerEnv = Map.copyOf(runnerEnv);
    this.runAs = runAs;
  }

  @Override
  public String name() {
    return "host";
  }

  @Override
  public JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException {
    if (!spec.services().isEmpty()) {
      throw new BackendException("services: need a Docker label; this job runs on the host");
    }
    try {
      Files.createDirectories(parent);
      Path root = Files.createTempDirectory(parent, "task-" + spec.taskId() + "-");
      Files.createDirectories(root.resolve("workspace"));
      Files.createDirectories(root.resolve("tmp"));
      Files.createDirectories(root.resolve("runner-temp"));
      Files.createDirectories(root.resolve("toolcache"));
      Files.writeString(root.resolve(HostReaper.OWNER_FILE), spec.runnerId());
      if (runAs.isPresent()) {
        RunAs.reachable(parent, runAs.get());
        runAs.get().own(root);
        setupLog.line(false, "Steps run as " + runAs.get().user());
      }
      setupLog.line(false, "Running on the host in " + root);
      return new HostJobEnvironment(root, spec.env(), runnerEnv, spec.runnerId(), runAs);
    } catch (IOException e) {
      throw new BackendException("cannot create the job directory under " + parent + ": " + e, e);
    }
  }
}
