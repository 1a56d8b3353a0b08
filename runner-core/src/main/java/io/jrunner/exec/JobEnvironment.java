// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * One job's environment: for Docker a network, service containers and the job container.
 *
 * <p>Threading: {@link #exec} is called once per step, never concurrently for one environment;
 * {@link #close()} may be called from another thread (cancellation) and is idempotent.
 */
public interface JobEnvironment extends AutoCloseable {
  /** The job's workspace directory, as steps see it (absolute). */
  String workspace();

  /** A directory for the runner's own per-step files (scripts, command files), as steps see it. */
  String tempDir();

  /**
   * Runs a process to completion, streaming its output.
   *
   * @return the process's exit code
   * @throws BackendException when the process could not be started or followed
   * @throws InterruptedException when the calling thread is interrupted (the process is left to
   *     {@link #close()})
   */
  int exec(ExecSpec spec, LineSink out) throws BackendException, InterruptedException;

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
   * Removes everything the environment created. Idempotent, safe after a failed {@code open} or a
   * cancelled job, and never throws: failures are logged.
   */
  @Override
  void close();
}
