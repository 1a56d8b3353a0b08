// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An interactive terminal for prompts. Commands get one only when a terminal is attached (and
 * {@code --no-interactive} is not given); tests supply a scripted one.
 */
public interface Terminal {
  /**
   * Prints {@code prompt} and reads one line.
   *
   * @return the trimmed line, or empty at end of input
   */
  Optional<String> readLine(String prompt);

  /** As {@link #readLine} without echoing what is typed (tokens, secrets). */
  Optional<String> readSecret(String prompt);

  /** The attached console, if there is one. */
  static Optional<Terminal> system() {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Terminal() {
          @Override
          public Optional<String> readLine(String prompt) {
            return Optional.ofNullable(console.readLine("%s", prompt)).map(String::trim);
          }

          @Override
          public Optional<String> readSecret(String prompt) {
            char[] chars = console.readPassword("%s", prompt);
            return Optional.ofNullable(chars).map(c -> new String(c).trim());
          }
        });
  }

  /** A terminal reading answers from {@code in} and echoing prompts to {@code out} (for tests). */
  static Terminal of(BufferedReader in, PrintWriter out) {
    return new Terminal() {
      @Override
      public Optional<String> readLine(String prompt) {
        out.print(prompt);
        out.flush();
        try {
          return Optional.ofNullable(in.readLine()).map(String::trim);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public Optional<String> readSecret(String prompt) {
        return readLine(prompt);
      }
    };
  }
}
