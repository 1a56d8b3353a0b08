// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON answers in forgejo-runner's form ({@code {"error":"…"}} for errors). Stateless. */
final class HttpIo {

  private HttpIo() {}

  static void json(HttpExchange ex, int status, Object body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (status == 204) {
      ex.sendResponseHeaders(204, -1);
      ex.close();
      return;
    }
    byte[] bytes = CacheJson.GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Map.of("error", message));
  }

  /** Drains what is left of the request body so the connection can be reused. */
  static void drain(HttpExchange ex) {
    try {
      ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // The client went away; nothing to keep alive.
    }
  }
}
