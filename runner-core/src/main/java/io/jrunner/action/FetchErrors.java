// SPDX-License-Identifier: Apache-2.0
package io.jrunner.action;

import java.util.Locale;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Turns a failed git fetch of an action repository into words for the job log. A missing repository
 * and a private one the job's token cannot read look the same to git (the server answers 404, or
 * 401 without credentials), and JGit says "Invalid remote: …" or "… not authorized": both become
 * "does not exist, or is private to the job's token". Pure.
 */
final class FetchErrors {
  private FetchErrors() {}

  /** The reason to print after "cannot fetch URL: ". */
  static String describe(Throwable e, String repoUrl) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof InvalidRemoteException
          || t instanceof NoRemoteRepositoryException
          || message.contains("not authorized")
          || message.contains("authentication is required")) {
        return "the repository "
            + repoUrl
            + " does not exist, or it is private and the job's token cannot read it (make it"
            + " public or internal, or use a full URL with access)";
      }
    }
    return String.valueOf(e.getMessage());
  }
}
