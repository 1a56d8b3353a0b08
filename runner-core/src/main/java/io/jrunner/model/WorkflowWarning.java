// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Objects;

/**
 * Something worth telling the user that does not stop the job, such as an unknown key.
 *
 * @param pos where it is
 * @param message what it is
 */
public record WorkflowWarning(SourcePos pos, String message) {
  public WorkflowWarning {
    Objects.requireNonNull(pos, "pos");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return pos + ": " + message;
  }
}
