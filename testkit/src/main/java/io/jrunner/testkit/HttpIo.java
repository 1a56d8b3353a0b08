// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading Connect requests and writing answers on the JDK HTTP server. Stateless. */
final class HttpIo {
  private HttpIo() {}

  static byte[] readBody(HttpExchange exchange) throws IOException, ConnectError {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding == null || encoding.equalsIgnoreCase("identity")) {
      return body;
    }
    if (encoding.equalsIgnoreCase("gzip")) {
      return WireCodec.gunzip(body);
    }
    throw new ConnectError("unimplemented", "unknown compression \"" + encoding + "\"");
  }

  static Message decode(String method, WireCodec codec, byte[] body) throws ConnectError {
    return switch (method) {
      case "Ping" -> codec.decode(body, PingRequest.newBuilder()).build();
      case "Register" -> codec.decode(body, RegisterRequest.newBuilder()).build();
      case "Declare" -> codec.decode(body, DeclareRequest.newBuilder()).build();
      case "FetchTask" -> codec.decode(body, FetchTaskRequest.newBuilder()).build();
      case "FetchSingleTask" ->
          codec
              .decode(body, io.jrunner.proto.runner.v1.FetchSingleTaskRequest.newBuilder())
              .build();
      case "UpdateTask" -> codec.decode(body, UpdateTaskRequest.newBuilder()).build();
      case "UpdateLog" -> codec.decode(body, UpdateLogRequest.newBuilder()).build();
      default -> throw new ConnectError("unimplemented", method);
    };
  }

  static void plain(HttpExchange exchange, int status, String text) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Writes a 200 answer's headers and the first half of {@code body}, declaring its full length (at
   * least one byte): closing the exchange then closes the connection mid-body.
   */
  static void sendHalf(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, Math.max(1, body.length));
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
  }

  static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
