// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an HTTP/1.1 answer from the bytes read so far, for {@link EngineApi}: status line,
 * headers, and a body framed by {@code Content-Length}, {@code Transfer-Encoding: chunked} or the
 * end of the connection. Stateless.
 */
final class HttpReplies {
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private HttpReplies() {}

  /** A whole answer: its status and decoded body. */
  record Reply(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The answer in {@code data[0..length)}, when it is whole.
   *
   * @param eof whether the peer closed the connection (then a body without framing ends here)
   * @return empty while more bytes are needed
   * @throws IOException when the bytes are not an HTTP answer, or it was cut off at {@code eof}
   */
  static Optional<Reply> parse(byte[] data, int length, boolean eof) throws IOException {
    int headerEnd = indexOf(data, length, HEADER_END, 0);
    if (headerEnd < 0) {
      if (eof) {
        throw new IOException(
            length == 0 ? "the engine closed the connection without an answer" : "cut-off answer");
      }
      return Optional.empty();
    }
    String[] lines = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + lines[0]);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + lines[0], e);
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    int bodyStart = headerEnd + HEADER_END.length;
    if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
      return Optional.of(new Reply(status, new byte[0]));
    }
    String encoding = headers.getOrDefault("transfer-encoding", "");
    if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      Optional<byte[]> body = dechunk(data, bodyStart, length);
      if (body.isEmpty() && eof) {
        throw new IOException("cut-off chunked answer");
      }
      return body.map(b -> new Reply(status, b));
    }
    String contentLength = headers.get("content-length");
    if (contentLength != null) {
      int size;
      try {
        size = Integer.parseInt(contentLength);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + contentLength, e);
      }
      if (length - bodyStart >= size) {
        byte[] body = new byte[size];
        System.arraycopy(data, bodyStart, body, 0, size);
        return Optional.of(new Reply(status, body));
      }
      if (eof) {
        throw new IOException("cut-off answer: " + (length - bodyStart) + " of " + size + " bytes");
      }
      return Optional.empty();
    }
    if (!eof) {
      return Optional.empty();
    }
    byte[] body = new byte[length - bodyStart];
    System.arraycopy(data, bodyStart, body, 0, body.length);
    return Optional.of(new Reply(status, body));
  }

  /** The chunked body from {@code start}, when its last (empty) chunk has arrived. */
  private static Optional<byte[]> dechunk(byte[] data, int start, int length) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = start;
    while (true) {
      int lineEnd = indexOf(data, length, new byte[] {'\r', '\n'}, at);
      if (lineEnd < 0) {
        return Optional.empty();
      }
      String sizeLine = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + sizeLine, e);
      }
      int dataStart = lineEnd + 2;
      if (size == 0) {
        // Trailers (none from the engine) end with an empty line.
        return indexOf(data, length, new byte[] {'\r', '\n'}, dataStart) < 0
            ? Optional.empty()
            : Optional.of(body.toByteArray());
      }
      if (length < dataStart + size + 2) {
        return Optional.empty();
      }
      body.write(data, dataStart, size);
      at = dataStart + size + 2;
    }
  }

  private static int indexOf(byte[] data, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
