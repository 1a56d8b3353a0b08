// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * A reusable workflow call that cannot run, or inputs that do not fit their declaration: a message
 * for the job log (it names the calling job and the workflow), never a secret.
 */
public final class WorkflowCallException extends Exception {
  private static final long serialVersionUID = 1L;

  public WorkflowCallException(String message) {
    super(message);
  }

  public WorkflowCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
