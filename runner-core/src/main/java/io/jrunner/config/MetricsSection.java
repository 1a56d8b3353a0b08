// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code metrics:} settings (jrunner only). Immutable.
 *
 * @param addr {@code host:port} where the daemon serves {@code /metrics}, {@code /healthz} and
 *     {@code /readyz}; empty (the default) serves nothing. Meant for a local address such as {@code
 *     127.0.0.1:9101}: the endpoints have no authentication.
 */
public record MetricsSection(Optional<Address> addr) {
  /** A parsed {@code host:port}. */
  public record Address(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  public MetricsSection {
    Objects.requireNonNull(addr, "addr");
  }

  /** Off. */
  public static MetricsSection defaults() {
    return new MetricsSection(Optional.empty());
  }

  static MetricsSection read(YamlSection s) {
    String value = s.string("addr", "").strip();
    s.warnUnknownKeys();
    if (value.isEmpty()) {
      return defaults();
    }
    Optional<Address> parsed = parse(value);
    if (parsed.isEmpty()) {
      s.diagnostics()
          .problem(
              s.locate("addr"),
              s.keyPath("addr")
                  + ": \""
                  + value
                  + "\" is not host:port (for example 127.0.0.1:9101)");
      return defaults();
    }
    return new MetricsSection(parsed);
  }

  /** {@code host:port}, {@code [v6]:port}; the port 0 to 65535. */
  static Optional<Address> parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      return Optional.empty();
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port < 0 || port > 65535 || host.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new Address(host, port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
