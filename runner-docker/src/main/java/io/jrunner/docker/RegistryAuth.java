// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.model.AuthConfig;
import io.jrunner.exec.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Picks the credentials for pulling one image: the container's own {@code credentials:} when given,
 * else the runner user's Docker login for the image's registry ({@link DockerConfigAuth}, read at
 * every pull), else none. Credentials are only ever sent for the image they were resolved for, so
 * they reach that image's registry only. Thread-safe.
 */
final class RegistryAuth {
  private final Supplier<Path> configFile;

  /**
   * @param configFile the Docker config to fall back to, asked at every resolution
   */
  RegistryAuth(Supplier<Path> configFile) {
    this.configFile = configFile;
  }

  /** Falls back to {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. */
  static RegistryAuth fromEnvironment() {
    return new RegistryAuth(
        () ->
            DockerConfigAuth.defaultFile(
                System.getenv(), Path.of(System.getProperty("user.home"))));
  }

  /**
   * How one pull authenticates. {@link #toString()} hides the secrets.
   *
   * @param config what to send to the daemon; empty to pull anonymously
   * @param source where the credentials come from, for the log ("container.credentials", "the
   *     Docker login for localhost:5000 in /root/.docker/config.json"); empty when there are none
   * @param hint what to check or do when the registry refuses the pull
   * @param notes lines for the job's setup log (a credential helper that is not run, an unreadable
   *     config), never with a secret
   * @param secrets strings that must not appear in a message
   */
  record PullAuth(
      Optional<AuthConfig> config,
      String source,
      String hint,
      List<String> notes,
      List<String> secrets) {
    PullAuth {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(hint, "hint");
      notes = List.copyOf(notes);
      secrets = List.copyOf(secrets);
    }

    /** {@code text} with every secret replaced by {@code ***}. */
    String scrub(String text) {
      String out = text;
      for (String s : secrets) {
        if (!s.isEmpty()) {
          out = out.replace(s, "***");
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "PullAuth[source=" + source + ", notes=" + notes + "]";
    }
  }

  /**
   * @param ref the image to pull
   * @param given the container's evaluated {@code credentials:}, if any
   * @param field the container's place in the workflow ({@code container}, {@code services.db}),
   *     for the log and the hint; empty for images that cannot have {@code credentials:} (a {@code
   *     docker://} step, a Docker action)
   */
  PullAuth resolve(ImageRef ref, Optional<RegistryCredentials> given, String field) {
    if (given.isPresent()) {
      RegistryCredentials c = given.get();
      return new PullAuth(
          Optional.of(
              new AuthConfig()
                  .withUsername(c.username())
                  .withPassword(c.password())
                  .withRegistryAddress(ref.serverAddress())),
          field + ".credentials",
          "check " + field + ".credentials",
          List.of(),
          List.of(c.password()));
    }
    Path file = configFile.get();
    String logIn = "log in to " + ref.registry() + " as the runner's user";
    String anonymousHint = field.isEmpty() ? logIn : "set " + field + ".credentials, or " + logIn;
    List<String> notes = new ArrayList<>();
    DockerConfigAuth.Lookup found;
    try {
      found = DockerConfigAuth.read(file).lookup(ref);
    } catch (IOException e) {
      notes.add(
          "Cannot use the Docker config: " + e.getMessage() + "; pulling without credentials");
      return new PullAuth(Optional.empty(), "", anonymousHint, notes, List.of());
    }
    return switch (found) {
      case DockerConfigAuth.Login login -> {
        AuthConfig config = new AuthConfig().withRegistryAddress(ref.serverAddress());
        if (!login.username().isEmpty()) {
          config.withUsername(login.username());
        }
        if (!login.password().isEmpty()) {
          config.withPassword(login.password());
        }
        if (!login.identityToken().isEmpty()) {
          config.withIdentityToken(login.identityToken());
        }
        String source = "the Docker login for " + login.key() + " in " + file;
        yield new PullAuth(
            Optional.of(config),
            source,
            "check " + source + (field.isEmpty() ? "" : ", or set " + field + ".credentials"),
            notes,
            List.of(login.password(), login.identityToken()));
      }
      case DockerConfigAuth.Helper helper -> {
        notes.add(
            file
                + " keeps the login for "
                + ref.registry()
                + " in the credential helper docker-credential-"
                + helper.name()
                + ", which jrunner does not run: pulling without credentials"
                + (field.isEmpty() ? "" : " (set " + field + ".credentials instead)"));
        yield new PullAuth(Optional.empty(), "", anonymousHint, notes, List.of());
      }
      case DockerConfigAuth.None none ->
          new PullAuth(Optional.empty(), "", anonymousHint, notes, List.of());
    };
  }

  /** For tests: resolves against a fixed config file. */
  static RegistryAuth withConfigFile(Path file) {
    return new RegistryAuth(() -> file);
  }
}
