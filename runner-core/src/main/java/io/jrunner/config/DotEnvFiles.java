// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a dotenv file with the rules of the runner's {@code env_file} (godotenv's: quotes, {@code
 * export}, comments, multi-line double-quoted values), for {@code jrunner exec}'s {@code
 * --env-file} and {@code --secret-file}. Stateless.
 */
public final class DotEnvFiles {
  private DotEnvFiles() {}

  /**
   * The variables of {@code file}, in file order.
   *
   * @param environment expands {@code $VAR} not defined earlier in the file
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException {@code line N: what is wrong}
   */
  public static Map<String, String> read(Path file, Map<String, String> environment)
      throws IOException {
    return DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8), environment::get);
  }
}
