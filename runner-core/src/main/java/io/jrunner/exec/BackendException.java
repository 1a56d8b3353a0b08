// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * The execution backend could not do its part (image missing, container refused, engine gone). A
 * step that ran and failed is not an exception: that is an exit code. The message is fit for a job
 * log.
 */
public final class BackendException extends Exception {
  private static final long serialVersionUID = 1L;

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }

  public BackendException(String message) {
    super(message);
  }
}
