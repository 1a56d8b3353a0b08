// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * Creates isolated environments for jobs (Docker containers, or the host).
 *
 * <p>Threading: one instance per runner; {@link #open} may be called concurrently for different
 * jobs.
 */
public interface ExecutionBackend {
  /** A short name for logs, e.g. {@code docker}. */
  String name();

  /**
   * Creates and starts the job's environment. On failure, everything created so far is removed
   * before the exception is thrown.
   *
   * @param setupLog receives progress lines ("Pulling image ...") for the job log
   * @throws BackendException when the environment cannot be created
   */
  JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException;
}
