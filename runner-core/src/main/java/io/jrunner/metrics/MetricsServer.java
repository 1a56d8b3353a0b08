// SPDX-License-Identifier: Apache-2.0
package io.jrunner.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The opt-in local HTTP endpoint ({@code metrics.addr}) on the JDK's own HTTP server: {@code GET
 * /metrics} (Prometheus text), {@code GET /healthz} (200 while the process serves) and {@code GET
 * /readyz} (200 when the runner can take tasks, else 503 with the reason). Anything else is 404; a
 * method other than GET or HEAD is 405.
 *
 * <p>Thread-safe; requests are served on virtual threads. {@link #close()} stops it at once.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds and starts serving.
   *
   * @param notReady why the runner cannot take tasks now, or empty when it can
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static MetricsServer start(
      InetSocketAddress address, RunnerMetrics metrics, Supplier<Optional<String>> notReady)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
              send(exchange, 405, "text/plain", "only GET\n");
              return;
            }
            switch (exchange.getRequestURI().getPath()) {
              case "/metrics" ->
                  send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
              case "/healthz" -> send(exchange, 200, "text/plain", "ok\n");
              case "/readyz" -> {
                Optional<String> why = notReady.get();
                if (why.isPresent()) {
                  send(exchange, 503, "text/plain", "not ready: " + why.get() + "\n");
                } else {
                  send(exchange, 200, "text/plain", "ready\n");
                }
              }
              default -> send(exchange, 404, "text/plain", "not found\n");
            }
          }
        });
    server.start();
    return new MetricsServer(server);
  }

  /** The bound address (the real port when 0 was asked). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
