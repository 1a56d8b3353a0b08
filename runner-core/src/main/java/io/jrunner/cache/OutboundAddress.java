// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The address of this machine that jobs use to reach the cache proxy when {@code cache.host} is
 * empty, found as forgejo-runner does: the local address of a UDP "connection" to 8.8.8.8 (no
 * packet is sent), else the first global unicast address of an interface that is up, IPv4 first.
 * Stateless.
 */
public final class OutboundAddress {
  private OutboundAddress() {}

  /** The detected address as text, or empty when this machine has none but loopback. */
  public static Optional<String> detect() {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {8, 8, 8, 8}), 80));
      InetAddress local = s.getLocalAddress();
      if (local != null && usable(local)) {
        return Optional.of(local.getHostAddress());
      }
    } catch (IOException | UncheckedIOException e) {
      // No route: fall back to the interfaces.
    }
    return firstInterfaceAddress();
  }

  private static boolean usable(InetAddress a) {
    return !a.isAnyLocalAddress()
        && !a.isLoopbackAddress()
        && !a.isLinkLocalAddress()
        && !a.isMulticastAddress();
  }

  private static Optional<String> firstInterfaceAddress() {
    List<InetAddress> found = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (usable(a)) {
            found.add(a);
          }
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return found.stream()
        .filter(a -> a instanceof Inet4Address)
        .findFirst()
        .or(() -> found.stream().findFirst())
        .map(a -> a.getHostAddress().replaceAll("%.*$", ""));
  }
}
