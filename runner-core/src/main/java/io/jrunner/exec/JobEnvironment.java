// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * One job's environment: for Docker a network, service containers and the job container.
 *
 * <p>Threading: {@link #exec} is called once per step, never concurrently for one environment,
 * except that {@link #copyIn} may run on another thread during one exec (the workspace of {@code
 * jrunner exec} is copied while the job's first exec runs); {@link #close()} may be called from
 * another thread (cancellation) and is idempotent.
 */
public interface JobEnvironment extends AutoCloseable {
  /** The job's workspace directory, as steps see it (absolute). */
  String workspace();

  /** {@code RUNNER_TEMP}: a scratch directory steps may use. */
  default String runnerTemp() {
    return "/tmp";
  }

  /**
   * {@code RUNNER_TOOL_CACHE}: where setup actions (setup-python, setup-node, …) keep the tools
   * they install.
   */
  default String toolCache() {
    return "/opt/hostedtoolcache";
  }

  /**
   * The containers this environment created, for the {@code job} context; known once {@link
   * ExecutionBackend#open} returned. The host creates none.
   */
  default CreatedContainers created() {
    return CreatedContainers.NONE;
  }

  /** A directory for the runner's own per-step files (scripts, command files), as steps see it. */
  String tempDir();

  /**
   * Runs a process to completion, streaming its output.
   *
   * @param stop when cancelled while the process runs, its whole process tree gets SIGINT, then
   *     SIGTERM after {@link #STOP_GRACE}, then SIGKILL after another {@link #STOP_GRACE}
   * @return the process's exit code
   * @throws BackendException when the process could not be started or followed
   * @throws InterruptedException when the calling thread is interrupted (the process is left to
   *     {@link #close()})
   */
  int exec(ExecSpec spec, LineSink out, io.jrunner.cancel.Cancellation stop)
      throws BackendException, InterruptedException;

  /** The wait between the signals of the stop ladder. */
  java.time.Duration STOP_GRACE = java.time.Duration.ofMillis(2500);

  /** {@link #exec(ExecSpec, LineSink, io.jrunner.cancel.Cancellation)} that is never stopped. */
  default int exec(ExecSpec spec, LineSink out) throws BackendException, InterruptedException {
    return exec(spec, out, io.jrunner.cancel.Cancellation.root());
  }

  /**
   * Copies a directory of the runner's machine into the environment (the workspace of {@code
   * jrunner exec}).
   *
   * @param source a directory on this machine; its contents land in {@code target}
   * @param target an absolute directory in the environment, created if needed
   * @throws BackendException when the copy fails
   */
  void copyIn(java.nio.file.Path source, String target) throws BackendException;

  /**
   * Runs a container next to the job (a Docker action) and waits for it; it sees the job's
   * workspace and {@link #tempDir()} at the same paths, is on the job's network, and is removed
   * when it ends. When {@code stop} is cancelled it gets SIGTERM, then SIGKILL after {@link
   * #STOP_GRACE}.
   *
   * @return the container's exit code
   * @throws BackendException when the environment cannot run containers (the host), or the image
   *     cannot be pulled, or the container cannot be created
   */
  default int runContainer(ContainerRun run, LineSink out, io.jrunner.cancel.Cancellation stop)
      throws BackendException, InterruptedException {
    throw new BackendException(
        "Docker actions need a job that runs in Docker (this job runs on the host)");
  }

  /**
   * Builds an image from a directory of the environment (a Docker action's {@code Dockerfile}); the
   * image is removed with the environment.
   *
   * @param contextDir a directory inside the environment
   * @param dockerfile the Dockerfile's path relative to {@code contextDir}
   * @return the image's reference, for {@link ContainerRun#image()}
   * @throws BackendException when the build fails (its last output lines are in the message)
   */
  default String buildImage(String contextDir, String dockerfile, LineSink log)
      throws BackendException, InterruptedException {
    throw new BackendException(
        "Docker actions need a job that runs in Docker (this job runs on the host)");
  }

  /**
   * Removes everything the environment created. Idempotent, safe after a failed {@code open} or a
   * cancelled job, and never throws: failures are logged.
   */
  @Override
  void close();
}
