// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLinesTest {
  private final List<String> lines = new ArrayList<>();
  private final FrameLines frames = new FrameLines((err, l) -> lines.add((err ? "E:" : "O:") + l));

  @Test
  void splitsLinesAcrossFramesAndKeepsStreamsApart() {
    frames.accept(false, bytes("one\ntw"));
    frames.accept(true, bytes("err"));
    frames.accept(false, bytes("o\r\nthree"));
    frames.accept(true, bytes("or\n"));
    frames.flush();

    assertThat(lines).containsExactly("O:one", "O:two", "E:error", "O:three");
  }

  @Test
  void keepsMultiByteCharactersSplitBetweenFrames() {
    byte[] text = bytes("é€\n");
    frames.accept(false, Arrays.copyOfRange(text, 0, 1));
    frames.accept(false, Arrays.copyOfRange(text, 1, 4));
    frames.accept(false, Arrays.copyOfRange(text, 4, text.length));

    assertThat(lines).containsExactly("O:é€");
  }

  @Test
  void emptyLinesAreLines() {
    frames.accept(false, bytes("\n\nx\n"));
    assertThat(lines).containsExactly("O:", "O:", "O:x");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
