// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

/** The cache's index or files failed; the message is for a log line or a 500 answer. */
public final class CacheException extends Exception {
  private static final long serialVersionUID = 1L;

  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }

  public CacheException(String message) {
    super(message);
  }
}
