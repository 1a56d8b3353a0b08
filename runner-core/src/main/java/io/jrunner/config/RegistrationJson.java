// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * The {@code .runner} JSON format (protocol.md §5.3): keys {@code WARNING}, {@code id}, {@code
 * uuid}, {@code name}, {@code token}, {@code address}, {@code labels}, in that order. Stateless.
 */
final class RegistrationJson {
  private RegistrationJson() {}

  /**
   * The file's text, byte for byte as forgejo-runner writes it (Go's {@code json.Encoder} with a
   * two-space indent, HTML-safe escaping and a final newline).
   */
  static String write(Registration r) {
    JsonObject o = new JsonObject();
    o.addProperty("WARNING", Registration.WARNING);
    o.addProperty("id", r.id());
    o.addProperty("uuid", r.uuid());
    o.addProperty("name", r.name());
    o.addProperty("token", r.token());
    o.addProperty("address", r.address());
    JsonArray labels = new JsonArray();
    r.labels().forEach(labels::add);
    o.add("labels", labels);
    String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    // Go escapes exactly these three for HTML safety (Gson would also escape = and ')
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n";
  }

  /**
   * Parses the file's text. Unknown keys are ignored; {@code id}, {@code name} and {@code labels}
   * may be missing.
   *
   * @throws JsonParseException (or another Gson runtime exception) describing what is wrong
   */
  static Registration read(String text) {
    JsonElement root = JsonText.parse(text);
    if (!root.isJsonObject()) {
      throw new JsonParseException("expected a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    return new Registration(
        o.has("id") && !o.get("id").isJsonNull() ? o.get("id").getAsLong() : 0,
        required(o, "uuid"),
        optional(o, "name"),
        required(o, "token"),
        required(o, "address"),
        labels(o).asList().stream().map(JsonElement::getAsString).toList());
  }

  private static String required(JsonObject o, String key) {
    String value = optional(o, key);
    if (value.isEmpty()) {
      throw new JsonParseException("\"" + key + "\" is missing or empty");
    }
    return value;
  }

  private static String optional(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return "";
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new JsonParseException("\"" + key + "\" must be a string");
    }
    return e.getAsString();
  }

  private static JsonArray labels(JsonObject o) {
    JsonElement e = o.get("labels");
    if (e == null || e.isJsonNull()) {
      return new JsonArray();
    }
    if (!e.isJsonArray()) {
      throw new JsonParseException("\"labels\" must be a list of strings");
    }
    for (JsonElement item : e.getAsJsonArray()) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw new JsonParseException("\"labels\" must be a list of strings");
      }
    }
    return e.getAsJsonArray();
  }
}
