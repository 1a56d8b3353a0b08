// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The two Connect unary codecs. Binary protobuf is what forgejo-runner sends; JSON (proto3 JSON
 * mapping) needs only field names, so it can carry messages whose field numbers are not settled.
 */
public enum Codec {
  PROTO("application/proto"),
  JSON("application/json");

  /**
   * How deep a decoded message may nest. protobuf-java's default (100) is below what a task's
   * context can reach: each level of a {@code google.protobuf.Struct} costs three message levels
   * (Struct, map entry, Value), so an event payload nested 34 deep could not be decoded at all and
   * the task had no id to fail. Go's protobuf (Forgejo's side) allows 10,000; 1,000 (333 levels of
   * a context) keeps the recursive parser well inside a thread's stack. Binary only: protobuf's
   * JSON parser keeps its limit of 100 (it offers no public way to raise it), so the JSON codec, an
   * option, decodes contexts up to 33 levels.
   */
  static final int RECURSION_LIMIT = 1_000;

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
      CodedInputStream in = CodedInputStream.newInstance(body);
      in.setRecursionLimit(RECURSION_LIMIT);
      try {
        builder.mergeFrom(in);
      } catch (InvalidProtocolBufferException e) {
        throw e;
      } catch (IOException e) { // a byte array has no other I/O to fail
        throw new InvalidProtocolBufferException(e);
      }
      in.checkLastTagWas(0);
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
