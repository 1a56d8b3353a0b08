// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Relays TCP connections from an address containers reach (the host's side of Docker's default
 * bridge) to a server of the test on loopback, so that a jrunner container on a bridge network
 * reaches the fake Forgejo and the git server. Closing stops accepting; open relays end with their
 * peers.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;

  private TcpRelay(ServerSocket listener) {
    this.listener = listener;
  }

  /** Listens on a free port of {@code address} and relays to {@code 127.0.0.1:targetPort}. */
  static TcpRelay start(String address, int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    TcpRelay relay = new TcpRelay(listener);
    Thread.ofVirtual()
        .start(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket in = listener.accept();
                  Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                  Thread up = Thread.ofVirtual().start(() -> pump(in, out));
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            pump(out, in);
                            try (in;
                                out) {
                              up.join();
                            } catch (IOException | InterruptedException e) {
                              // closing anyway
                            }
                          });
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
    return relay;
  }

  /** {@code http://address:port}. */
  String url() {
    return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
  }

  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
    } catch (IOException e) {
      // the peer went away
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
