// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import io.jrunner.exec.BackendException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code ports:}: {@code 80} (a free host port), {@code 8080:80}, {@code
 * 127.0.0.1:8080:80}, {@code 127.0.0.1::80}, each with an optional {@code /tcp}, {@code /udp} or
 * {@code /sctp}. Pure value.
 *
 * @param hostIp the host address to listen on; empty for all
 * @param hostPort the host port; empty for one Docker picks
 * @param containerPort the container's port
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 */
record PortMapping(
    Optional<String> hostIp, Optional<Integer> hostPort, int containerPort, String protocol) {
  PortMapping {
    Objects.requireNonNull(hostIp, "hostIp");
    Objects.requireNonNull(hostPort, "hostPort");
    Objects.requireNonNull(protocol, "protocol");
  }

  /**
   * @param where what the port belongs to, for messages
   * @throws BackendException for a form Docker would not take (ranges are not supported)
   */
  static PortMapping parse(String text, String where) throws BackendException {
    String spec = text.strip();
    String protocol = "tcp";
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      protocol = spec.substring(slash + 1);
      spec = spec.substring(0, slash);
      if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
        throw invalid(text, where, "the protocol must be tcp, udp or sctp");
      }
    }
    String ip = null;
    if (spec.startsWith("[")) { // [::1]:8080:80
      int close = spec.indexOf("]:");
      if (close < 0) {
        throw invalid(text, where, "an IPv6 address is written [addr]:host:container");
      }
      ip = spec.substring(1, close);
      spec = spec.substring(close + 2);
    }
    String[] parts = spec.split(":", -1);
    if (ip != null ? parts.length != 2 : parts.length > 3) {
      throw invalid(text, where, "expected [ip:][host:]container");
    }
    if (parts.length == 3) {
      ip = parts[0];
    }
    String host = parts.length >= 2 ? parts[parts.length - 2] : "";
    int container = port(parts[parts.length - 1], text, where);
    Optional<Integer> hostPort =
        host.isEmpty() ? Optional.empty() : Optional.of(port(host, text, where));
    return new PortMapping(
        Optional.ofNullable(ip).filter(s -> !s.isEmpty()), hostPort, container, protocol);
  }

  ExposedPort exposed() {
    return new ExposedPort(containerPort, InternetProtocol.parse(protocol));
  }

  Ports.Binding binding() {
    String ip = hostIp.orElse(null);
    return hostPort.isPresent()
        ? Ports.Binding.bindIpAndPort(ip, hostPort.get())
        : ip == null ? Ports.Binding.empty() : Ports.Binding.bindIp(ip);
  }

  private static int port(String s, String text, String where) throws BackendException {
    if (!s.matches("\\d{1,5}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
      throw invalid(text, where, "\"" + s + "\" is not a port number (1-65535; no ranges)");
    }
    return Integer.parseInt(s);
  }

  private static BackendException invalid(String text, String where, String why) {
    return new BackendException(where + ": invalid port \"" + text + "\": " + why);
  }
}
