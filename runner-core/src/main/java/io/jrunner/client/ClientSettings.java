// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one instance.
 *
 * @param instance the instance URL as registered (e.g. {@code https://git.example.com/forgejo/});
 *     the RPC base is {@code <instance without trailing slashes>/api/actions}
 * @param credentials the runner's uuid and token; empty for Ping and Register
 * @param insecure skip TLS certificate verification (forgejo-runner's {@code runner.insecure})
 * @param caFile extra PEM certificates to trust besides the system ones
 * @param callTimeout upper bound of any one call (forgejo-runner: 60 s, {@code
 *     FORGEJO_CLIENT_TIMEOUT})
 * @param userAgent sent as {@code User-Agent}
 * @param codec the request codec
 */
public record ClientSettings(
    URI instance,
    Optional<RunnerCredentials> credentials,
    boolean insecure,
    Optional<Path> caFile,
    Duration callTimeout,
    String userAgent,
    Codec codec) {

  /** The default whole-call timeout, as forgejo-runner. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  public ClientSettings {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(codec, "codec");
    String scheme = instance.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || instance.getHost() == null) {
      throw new IllegalArgumentException(
          "instance URL must be http:// or https:// with a host, got: " + instance);
    }
  }

  /** Settings for an unauthenticated client (Ping, Register) with defaults. */
  public static ClientSettings anonymous(URI instance, String userAgent) {
    return new ClientSettings(
        instance,
        Optional.empty(),
        false,
        Optional.empty(),
        DEFAULT_CALL_TIMEOUT,
        userAgent,
        Codec.PROTO);
  }

  public ClientSettings withCredentials(RunnerCredentials value) {
    return new ClientSettings(
        instance, Optional.of(value), insecure, caFile, callTimeout, userAgent, codec);
  }

  public ClientSettings withTls(boolean insecureValue, Optional<Path> caFileValue) {
    return new ClientSettings(
        instance, credentials, insecureValue, caFileValue, callTimeout, userAgent, codec);
  }

  public ClientSettings withCallTimeout(Duration value) {
    return new ClientSettings(instance, credentials, insecure, caFile, value, userAgent, codec);
  }

  public ClientSettings withCodec(Codec value) {
    return new ClientSettings(
        instance, credentials, insecure, caFile, callTimeout, userAgent, value);
  }

  /** The Connect base URL: the instance without trailing slashes, plus {@code /api/actions}. */
  public String baseUrl() {
    String s = instance.toString();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end) + "/api/actions";
  }
}
