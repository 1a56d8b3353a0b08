// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.client.TlsConfigurationException;
import io.jrunner.config.RunnerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Builds protocol clients from the configuration, the way every command needs them. */
final class Clients {
  private Clients() {}

  /** Parses and checks an instance URL as a user typed it. */
  static URI instance(String text) throws UserError {
    String trimmed = text == null ? "" : text.trim();
    try {
      URI uri = new URI(trimmed);
      if (uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("http")
              || uri.getScheme().equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new UserError(
            ExitCode.USAGE,
            "invalid instance URL '"
                + trimmed
                + "': give the address of the Forgejo instance with its scheme, e.g."
                + " https://forgejo.example.com/");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UserError(
          ExitCode.USAGE, "invalid instance URL '" + trimmed + "': " + e.getReason());
    }
  }

  static ConnectRunnerClient anonymous(URI instance, RunnerConfig config, Map<String, String> env)
      throws TlsConfigurationException, UserError {
    return ConnectRunnerClient.create(settings(instance, config, env));
  }

  static ConnectRunnerClient authenticated(
      URI instance, RunnerCredentials credentials, RunnerConfig config, Map<String, String> env)
      throws TlsConfigurationException, UserError {
    return ConnectRunnerClient.create(settings(instance, config, env).withCredentials(credentials));
  }

  private static ClientSettings settings(URI instance, RunnerConfig config, Map<String, String> env)
      throws UserError {
    return ClientSettings.anonymous(instance, Version.userAgent())
        .withTls(config.runner().insecure(), config.runner().caFile())
        .withCallTimeout(callTimeout(env));
  }

  /** forgejo-runner's whole-call timeout: 60 s, or {@code FORGEJO_CLIENT_TIMEOUT} seconds. */
  static Duration callTimeout(Map<String, String> env) throws UserError {
    String value = env.get("FORGEJO_CLIENT_TIMEOUT");
    if (value == null || value.isBlank()) {
      return ClientSettings.DEFAULT_CALL_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new UserError(
          ExitCode.CONFIG,
          "FORGEJO_CLIENT_TIMEOUT must be a positive number of seconds, got '" + value + "'");
    }
  }

  static Optional<String> nonBlank(String s) {
    return Optional.ofNullable(s).map(String::trim).filter(v -> !v.isEmpty());
  }
}
