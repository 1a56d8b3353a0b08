// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * The two Connect unary codecs. Binary protobuf is what forgejo-runner sends; JSON (proto3 JSON
 * mapping) needs only field names, so it can carry messages whose field numbers are not settled.
 */
public enum Codec {
  PROTO("application/proto"),
  JSON("application/json");

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String contentType;

  Codec(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** Serializes a message in this codec. */
  public byte[] encode(Message message) {
    if (this == PROTO) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; our schema has none.
      throw new IllegalStateException("cannot encode " + message.getDescriptorForType(), e);
    }
  }

  /** Parses a response body in this codec into a builder of the expected type. */
  public <B extends Message.Builder> B decode(byte[] body, B builder)
      throws InvalidProtocolBufferException {
    if (this == PROTO) {
      builder.mergeFrom(body);
    } else {
      PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
    }
    return builder;
  }

  /** The codec of a response's {@code Content-Type}, ignoring parameters; null when neither. */
  public static Codec ofContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    String base = contentType.split(";", 2)[0].trim();
    for (Codec codec : values()) {
      if (codec.contentType.equalsIgnoreCase(base)) {
        return codec;
      }
    }
    return null;
  }
}
