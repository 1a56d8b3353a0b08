// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

/** The TLS settings (CA file) cannot be used. The message is fit to show a user. */
public final class TlsConfigurationException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlsConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
