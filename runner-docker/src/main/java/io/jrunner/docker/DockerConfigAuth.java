// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry logins of a Docker CLI {@code config.json} ({@code docker login} writes them): the
 * {@code auths} entries with a base64 {@code auth} ({@code user:password}) or {@code
 * username}/{@code password}, and an {@code identitytoken}. Credential helpers ({@code
 * credHelpers}, {@code credsStore}) are recognized but not run. Immutable and thread-safe; read the
 * file again to see a new login.
 */
final class DockerConfigAuth {
  private static final DockerConfigAuth EMPTY = new DockerConfigAuth(new JsonObject());

  private final JsonObject root;

  private DockerConfigAuth(JsonObject root) {
    this.root = root;
  }

  /** What {@link #lookup} found for a registry. */
  sealed interface Lookup {}

  /**
   * A login stored in the file; {@link #toString()} hides the secrets.
   *
   * @param key the {@code auths} key it is stored under
   * @param username the user name, may be empty with an identity token
   * @param password the password, may be empty with an identity token
   * @param identityToken an OAuth refresh token, empty when none
   */
  record Login(String key, String username, String password, String identityToken)
      implements Lookup {
    Login {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(identityToken, "identityToken");
    }

    @Override
    public String toString() {
      return "Login[key=" + key + ", username=" + username + ", password=***, identityToken=***]";
    }
  }

  /**
   * The login is kept by a credential helper ({@code docker-credential-NAME}), which jrunner does
   * not run.
   *
   * @param name the helper's name
   */
  record Helper(String name) implements Lookup {}

  /** No login for the registry. */
  record None() implements Lookup {}

  /**
   * The file the Docker CLI reads: {@code $DOCKER_CONFIG/config.json}, else {@code
   * ~/.docker/config.json}.
   */
  static Path defaultFile(Map<String, String> env, Path home) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir).resolve("config.json");
    }
    return home.resolve(".docker").resolve("config.json");
  }

  /**
   * Reads {@code file}; a missing file has no logins.
   *
   * @throws IOException when the file cannot be read or is not a JSON object; the message names the
   *     file and never contains a secret
   */
  static DockerConfigAuth read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (parsed.isJsonNull() || text.isBlank()) {
        return EMPTY;
      }
      if (!parsed.isJsonObject()) {
        throw new IOException(file + " is not a JSON object");
      }
      return new DockerConfigAuth(parsed.getAsJsonObject());
    } catch (JsonParseException e) {
      // Gson's message may quote the file's content: leave it out.
      throw new IOException(file + " is not valid JSON");
    }
  }

  /**
   * The login for {@code ref}'s registry, the way the Docker CLI picks it: a {@code credHelpers}
   * entry for the host, else an {@code auths} entry (its key compared as a host, so {@code
   * https://localhost:5000} matches {@code localhost:5000}), else the {@code credsStore}.
   *
   * @throws IOException when the matching entry's {@code auth} is not base64 of {@code
   *     user:password}
   */
  Lookup lookup(ImageRef ref) throws IOException {
    JsonObject helpers = object(root, "credHelpers");
    for (String key : helpers.keySet()) {
      if (ImageRef.normalizeHost(key).equals(ref.registry())) {
        return new Helper(string(helpers, key));
      }
    }
    JsonObject auths = object(root, "auths");
    String match = null;
    for (String key : auths.keySet()) {
      if (key.equals(ref.serverAddress()) || key.equals(ref.registry())) {
        match = key;
        break;
      }
      if (match == null && ImageRef.normalizeHost(key).equals(ref.registry())) {
        match = key;
      }
    }
    if (match != null) {
      Optional<Login> login = login(match, object(auths, match));
      if (login.isPresent()) {
        return login.get();
      }
    }
    String store = string(root, "credsStore");
    return store.isEmpty() ? new None() : new Helper(store);
  }

  private static Optional<Login> login(String key, JsonObject entry) throws IOException {
    String username = string(entry, "username");
    String password = string(entry, "password");
    String auth = string(entry, "auth");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IOException("the auth of " + key + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IOException("the auth of " + key + " is not base64 of user:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    String token = string(entry, "identitytoken");
    if (username.isEmpty() && password.isEmpty() && token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Login(key, username, password, token));
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }
}
