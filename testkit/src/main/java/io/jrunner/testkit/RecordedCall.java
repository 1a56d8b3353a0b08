// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the fake server received, as it saw it.
 *
 * @param method the RPC method name, e.g. {@code FetchTask} or {@code Ping}
 * @param headers request headers, names in lower case
 * @param contentType the request's {@code Content-Type}
 * @param request the decoded request, or null if it could not be decoded
 * @param httpStatus the status answered (0 when the connection was dropped)
 * @param errorCode the Connect error code answered, or null on success
 * @param at when it arrived (the server's clock)
 */
public record RecordedCall(
    String method,
    Map<String, List<String>> headers,
    String contentType,
    Message request,
    int httpStatus,
    String errorCode,
    Instant at) {

  /** The first value of a header (name in any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
