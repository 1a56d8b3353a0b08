// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.WorkspaceFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The workspace of a job environment (which may be inside a container) as {@link WorkspaceFiles},
 * for {@code hashFiles()}: files (and links to files) are listed with {@code find} and read with
 * {@code base64} (so binary content survives the line-based exec output). Called on the job's
 * thread.
 */
final class EnvironmentFiles implements WorkspaceFiles {
  private final JobEnvironment env;

  EnvironmentFiles(JobEnvironment env) {
    this.env = env;
  }

  @Override
  public List<String> list() throws IOException {
    List<String> files = new ArrayList<>();
    run(
        // Regular files and symbolic links to them, as @actions/glob yields them (it does not
        // follow links to directories).
        ExecSpec.of(
            "sh",
            "-c",
            "cd \"$0\" && find . \\( -type f -o -type l -exec test -f {} \\; \\) -print",
            env.workspace()),
        line -> files.add(line.startsWith("./") ? line.substring(2) : line));
    return files;
  }

  @Override
  public InputStream open(String relativePath) throws IOException {
    StringBuilder encoded = new StringBuilder();
    run(
        ExecSpec.of("sh", "-c", "cd \"$0\" && base64 < \"$1\"", env.workspace(), relativePath),
        encoded::append);
    return new ByteArrayInputStream(Base64.getMimeDecoder().decode(encoded.toString()));
  }

  private void run(ExecSpec spec, java.util.function.Consumer<String> stdout) throws IOException {
    List<String> errors = new ArrayList<>();
    try {
      int code =
          env.exec(
              spec,
              (err, line) -> {
                if (err) {
                  errors.add(line);
                } else {
                  stdout.accept(line);
                }
              });
      if (code != 0) {
        throw new IOException("cannot read the workspace: " + String.join(" ", errors));
      }
    } catch (BackendException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the workspace");
    }
  }
}
