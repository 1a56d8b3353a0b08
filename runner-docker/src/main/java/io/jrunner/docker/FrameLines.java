// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.LineSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits Docker's stream frames into lines, per stream: a frame may hold several lines or part of
 * one, and a multi-byte character may be split across frames. {@code \r\n} and {@code \n} end a
 * line; what is left at the end is flushed as a last line.
 *
 * <p>Not thread-safe: one instance per exec, fed from docker-java's callback thread.
 */
public final class FrameLines {
  private final LineSink sink;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  public FrameLines(LineSink sink) {
    this.sink = sink;
  }

  /** Takes the payload of one frame. */
  public void accept(boolean stderr, byte[] payload) {
    ByteArrayOutputStream buffer = stderr ? err : out;
    for (byte b : payload) {
      if (b == '\n') {
        emit(stderr, buffer);
      } else {
        buffer.write(b);
      }
    }
  }

  /** A docker-java callback feeding every frame of an attached stream to {@link #accept}. */
  public com.github.dockerjava.api.async.ResultCallback.Adapter<
          com.github.dockerjava.api.model.Frame>
      callback() {
    return new com.github.dockerjava.api.async.ResultCallback.Adapter<>() {
      @Override
      public void onNext(com.github.dockerjava.api.model.Frame frame) {
        accept(
            frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR,
            frame.getPayload());
      }
    };
  }

  /** Emits the unterminated rest of both streams. */
  public void flush() {
    if (out.size() > 0) {
      emit(false, out);
    }
    if (err.size() > 0) {
      emit(true, err);
    }
  }

  private void emit(boolean stderr, ByteArrayOutputStream buffer) {
    byte[] bytes = buffer.toByteArray();
    buffer.reset();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    sink.line(stderr, new String(bytes, 0, length, StandardCharsets.UTF_8));
  }
}
