// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  @Test
  void buildsTheTreeGsonsParserBuilds() {
    for (String text :
        List.of(
            "{\"id\":7,\"uuid\":\"a-b\",\"labels\":[\"x:docker://y\",\"z\"],\"ephemeral\":false}",
            "[1, 2.5, -3e2, true, null, \"\\u00e9\\n\", {}, []]",
            "{\"Version\":\"28.1\",\"Nested\":{\"A\":{\"B\":[{\"C\":null}]}}}",
            "\"just a string\"",
            "12345678901234567890",
            "")) {
      assertThat(JsonText.parse(text)).isEqualTo(JsonParser.parseString(text));
    }
  }

  @Test
  void numbersAnswerAsLongsAndStrings() {
    var o = JsonText.parse("{\"id\":42,\"big\":9007199254740993}").getAsJsonObject();
    assertThat(o.get("id").getAsLong()).isEqualTo(42L);
    assertThat(o.get("id").getAsInt()).isEqualTo(42);
    assertThat(o.get("big").getAsString()).isEqualTo("9007199254740993");
  }

  @Test
  void malformedTextIsAJsonParseException() {
    for (String text : List.of("{\"a\":", "{\"a\" 1}", "[1,2", "{} {}")) {
      assertThatThrownBy(() -> JsonText.parse(text))
          .as(text)
          .isInstanceOf(JsonParseException.class);
    }
  }
}
