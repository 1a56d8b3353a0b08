// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * JSON text to Gson's tree through Gson's streaming reader alone. {@link
 * com.google.gson.JsonParser} builds the tree with {@code TypeAdapters}, whose initialisation loads
 * some sixty adapter classes an idle daemon never uses otherwise (the start reads {@code .runner}
 * and the Docker engine's answers: docs/benchmarks.md). Numbers become {@link BigDecimal}s, so
 * {@code getAsLong} and {@code getAsString} answer as Gson's own tree does. Stateless.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * The one JSON value of {@code text}, in Gson's strict-but-lenient default (as {@link
   * com.google.gson.JsonParser#parseString}).
   *
   * @return {@link JsonNull} for empty text, as Gson
   * @throws JsonParseException for malformed text or text with more than one value
   */
  public static JsonElement parse(String text) {
    try (JsonReader in = new JsonReader(new StringReader(text))) {
      in.setStrictness(Strictness.LENIENT);
      try {
        in.peek();
      } catch (EOFException empty) {
        return JsonNull.INSTANCE; // as Gson: empty text is JSON null
      }
      JsonElement value = read(in);
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxException("more than one JSON value");
      }
      return value;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new JsonSyntaxException(e.getMessage(), e);
    }
  }

  private static JsonElement read(JsonReader in) throws IOException {
    return switch (in.peek()) {
      case BEGIN_OBJECT -> {
        JsonObject object = new JsonObject();
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          object.add(name, read(in));
        }
        in.endObject();
        yield object;
      }
      case BEGIN_ARRAY -> {
        JsonArray array = new JsonArray();
        in.beginArray();
        while (in.hasNext()) {
          array.add(read(in));
        }
        in.endArray();
        yield array;
      }
      case STRING -> new JsonPrimitive(in.nextString());
      case NUMBER -> new JsonPrimitive(new BigDecimal(in.nextString()));
      case BOOLEAN -> new JsonPrimitive(in.nextBoolean());
      case NULL -> {
        in.nextNull();
        yield JsonNull.INSTANCE;
      }
      default -> throw new JsonSyntaxException("unexpected " + in.peek() + " at " + in.getPath());
    };
  }
}
