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

  /**
   * Checks, without creating or pulling anything, whether {@link #open} would refuse {@code spec}
   * or the images of its {@code docker://} steps (refused options, volumes, registries). The
   * default accepts everything: a backend that checks nothing up front.
   *
   * @param stepImages images of the job's {@code uses: docker://} steps
   * @throws BackendException naming the first refused request and the setting that refuses it
   */
  default void check(JobSpec spec, java.util.List<String> stepImages) throws BackendException {}

  /**
   * Starts making, in the background, what {@link #open} needs and makes once per runner (the
   * Docker client), so that it overlaps with a new task's other set-up; returns at once. Called
   * when a task arrives, whichever backend it will use. Never throws: {@link #open} reports what
   * failed. The default does nothing.
   */
  default void prepare() {}
}
