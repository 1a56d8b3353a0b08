// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRepliesTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void contentLength_waitsForTheWholeBody() throws IOException {
    byte[] whole = bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhello");

    assertThat(HttpReplies.parse(whole, whole.length - 2, false)).isEmpty();
    HttpReplies.Reply reply = HttpReplies.parse(whole, whole.length, false).orElseThrow();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("hello");
  }

  @Test
  void chunked_isDecodedOnceTheLastChunkArrived() throws IOException {
    byte[] whole =
        bytes(
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n{\"me\r\n9;ext=1\r\nssage\":\"x\r\n1\r\n}\r\n0\r\n\r\n");

    for (int cut = 0; cut < whole.length; cut++) {
      assertThat(HttpReplies.parse(whole, cut, false)).as("cut at %d", cut).isEmpty();
    }
    HttpReplies.Reply reply = HttpReplies.parse(whole, whole.length, false).orElseThrow();
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text()).isEqualTo("{\"message\":\"x}");
  }

  @Test
  void noFraming_endsWithTheConnection_andNoContentHasNoBody() throws IOException {
    byte[] open = bytes("HTTP/1.1 200 OK\r\n\r\nOK");
    assertThat(HttpReplies.parse(open, open.length, false)).isEmpty();
    assertThat(HttpReplies.parse(open, open.length, true).orElseThrow().text()).isEqualTo("OK");

    byte[] none = bytes("HTTP/1.1 204 No Content\r\n\r\n");
    assertThat(HttpReplies.parse(none, none.length, false).orElseThrow().body()).isEmpty();
  }

  @Test
  void cutOffOrForeignAnswers_fail() {
    byte[] cut = bytes("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhel");
    assertThatThrownBy(() -> HttpReplies.parse(cut, cut.length, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("3 of 9");
    byte[] foreign = bytes("SSH-2.0-OpenSSH\r\n\r\n");
    assertThatThrownBy(() -> HttpReplies.parse(foreign, foreign.length, false))
        .hasMessageContaining("not an HTTP answer");
    assertThatThrownBy(() -> HttpReplies.parse(new byte[0], 0, true))
        .hasMessageContaining("without an answer");
  }
}
