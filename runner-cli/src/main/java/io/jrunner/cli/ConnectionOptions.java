// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.GoDuration;
import io.jrunner.config.Registration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * forgejo-runner v13's connection flags of {@code one-job}: {@code --url}, {@code --uuid}, {@code
 * --token-url}, {@code --label} (repeatable) and {@code --fetch-interval}. With {@code --uuid} the
 * runner needs no {@code .runner} file: the uuid, the token read from {@code --token-url} and the
 * URL are the identity (a runner created through Forgejo's API or {@code forgejo-cli}, protocol.md
 * §4.2). {@code --label} replaces the configured labels, {@code --fetch-interval} the configured
 * interval. Not thread-safe (picocli fills it once).
 */
final class ConnectionOptions {
  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "the Forgejo instance (with --uuid and --token-url: no .runner file needed)")
  String url;

  @Option(
      names = "--uuid",
      paramLabel = "UUID",
      description = "the runner's uuid, as Forgejo's API or web UI showed it when creating it")
  String uuid;

  @Option(
      names = "--token-url",
      paramLabel = "URL",
      description =
          "where the runner's token is read from: file:/path or file:///path (the file holds the"
              + " token; $CREDENTIALS_DIRECTORY is expanded)")
  String tokenUrl;

  @Option(
      names = "--label",
      paramLabel = "LABEL",
      description = "a label name[:schema[:arg]] (repeatable); replaces the configured labels")
  List<String> labels;

  @Option(
      names = "--fetch-interval",
      paramLabel = "DURATION",
      description = "least time between two fetches (Go duration, e.g. 2s); overrides the config")
  String fetchInterval;

  /** A runner identity given on the command line instead of a {@code .runner} file. */
  record Connection(Registration registration) {}

  /**
   * The identity from {@code --url}, {@code --uuid} and {@code --token-url}, or empty when none of
   * them is given.
   *
   * @throws UserError (exit 3) when only some are given, the URL (see {@link Clients#instance}) or
   *     the uuid is malformed, or the token cannot be read; the message never holds the token
   */
  Optional<Connection> connection(Map<String, String> env) throws UserError {
    if (url == null && uuid == null && tokenUrl == null) {
      return Optional.empty();
    }
    if (url == null || uuid == null || tokenUrl == null) {
      throw new UserError(
          ExitCode.CONFIG,
          "--url, --uuid and --token-url go together: give all three (or none, to use the"
              + " .runner file)");
    }
    if (!UUID_FORM.matcher(uuid).matches()) {
      throw new UserError(ExitCode.CONFIG, "--uuid: not a UUID: " + uuid);
    }
    URI address;
    try {
      address = Clients.instance(url);
    } catch (UserError e) {
      // A flag of this command, not a typed answer: a configuration error (exit 3).
      throw new UserError(ExitCode.CONFIG, "--url: " + e.getMessage(), e);
    }
    String token = readToken(tokenUrl, env);
    String name = "jrunner-" + uuid.substring(0, 8);
    return Optional.of(
        new Connection(
            new Registration(
                0, uuid, name, token, trimSlash(address.toString()), labelsOrEmpty())));
  }

  /** The {@code --label} values, or empty when none was given. */
  List<String> labelsOrEmpty() {
    return labels == null ? List.of() : List.copyOf(labels);
  }

  /**
   * The {@code --fetch-interval}, if given.
   *
   * @throws UserError (exit 3) when it is not a positive Go duration
   */
  Optional<Duration> fetchInterval() throws UserError {
    if (fetchInterval == null) {
      return Optional.empty();
    }
    try {
      Duration d = GoDuration.parse(fetchInterval);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          ExitCode.CONFIG, "--fetch-interval " + fetchInterval + ": " + e.getMessage());
    }
  }

  /**
   * Reads the token a {@code file:} URL points at, with {@code $CREDENTIALS_DIRECTORY} (systemd's
   * credentials) expanded; surrounding white space is dropped.
   */
  static String readToken(String tokenUrl, Map<String, String> env) throws UserError {
    String expanded = tokenUrl;
    String credentials = env.get("CREDENTIALS_DIRECTORY");
    if (credentials != null) {
      expanded =
          expanded
              .replace("${CREDENTIALS_DIRECTORY}", credentials)
              .replace("$CREDENTIALS_DIRECTORY", credentials);
    }
    if (!expanded.startsWith("file:")) {
      throw new UserError(
          ExitCode.CONFIG, "--token-url: only file: URLs are supported, got " + tokenUrl);
    }
    String rest = expanded.substring("file:".length());
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
      if (!rest.startsWith("/")) {
        throw new UserError(
            ExitCode.CONFIG, "--token-url: file URL with a host is not supported: " + tokenUrl);
      }
    }
    Path file = Path.of(rest);
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UserError(
          ExitCode.CONFIG, "--token-url: cannot read " + file + ": " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new UserError(ExitCode.CONFIG, "--token-url: " + file + " is empty");
    }
    return token;
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
