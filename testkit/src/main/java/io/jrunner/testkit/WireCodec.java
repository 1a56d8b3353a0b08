// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Server side of the Connect unary codecs: binary protobuf and proto3 JSON, plus gzip. */
enum WireCodec {
  PROTO("application/proto"),
  JSON("application/json");

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  final String contentType;

  WireCodec(String contentType) {
    this.contentType = contentType;
  }

  static WireCodec of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (WireCodec c : values()) {
      if (c.contentType.equals(base)) {
        return c;
      }
    }
    return null;
  }

  <B extends Message.Builder> B decode(byte[] body, B builder) throws ConnectError {
    try {
      if (this == PROTO) {
        builder.mergeFrom(body);
        return builder;
      }
      if (body.length == 0) {
        throw new ConnectError(
            "invalid_argument",
            "unmarshal into "
                + builder.getDescriptorForType().getFullName()
                + ": zero-length payload is not a valid JSON object");
      }
      PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new ConnectError("invalid_argument", "unmarshal: " + e.getMessage());
    }
  }

  byte[] encode(Message message) {
    if (this == PROTO) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }
}
