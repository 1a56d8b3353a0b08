// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The calls {@code actions/cache} makes, against a base URL ({@code .../_apis/artifactcache}). */
final class CacheClient {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String base;
  private final Map<String, String> headers;

  /**
   * @param cacheUrl {@code ACTIONS_CACHE_URL} (with its trailing slash) or a server's root
   */
  CacheClient(String cacheUrl, Map<String, String> headers) {
    this.base = (cacheUrl.endsWith("/") ? cacheUrl : cacheUrl + "/") + "_apis/artifactcache";
    this.headers = headers;
  }

  record Answer(int status, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  Answer find(String keys, String version) throws IOException, InterruptedException {
    return send(
        "GET",
        "/cache?keys="
            + URLEncoder.encode(keys, StandardCharsets.UTF_8)
            + "&version="
            + URLEncoder.encode(version, StandardCharsets.UTF_8),
        null,
        null);
  }

  Answer reserve(String key, String version, long size) throws IOException, InterruptedException {
    return send(
        "POST",
        "/caches",
        ("{\"key\":\"" + key + "\",\"version\":\"" + version + "\",\"cacheSize\":" + size + "}")
            .getBytes(StandardCharsets.UTF_8),
        null);
  }

  Answer upload(long id, long start, byte[] chunk) throws IOException, InterruptedException {
    return send(
        "PATCH",
        "/caches/" + id,
        chunk,
        "bytes " + start + "-" + (start + chunk.length - 1) + "/*");
  }

  Answer commit(long id, long size) throws IOException, InterruptedException {
    return send(
        "POST",
        "/caches/" + id,
        ("{\"size\":" + size + "}").getBytes(StandardCharsets.UTF_8),
        null);
  }

  Answer clean() throws IOException, InterruptedException {
    return send("POST", "/clean", new byte[0], null);
  }

  /** A raw request to a path under the base. */
  Answer send(String method, String path, byte[] body, String contentRange)
      throws IOException, InterruptedException {
    return send(URI.create(base + path), method, body, contentRange);
  }

  Answer send(URI uri, String method, byte[] body, String contentRange)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null && !method.equals("PATCH")) {
      b.header("Content-Type", "application/json");
    }
    if (contentRange != null) {
      b.header("Content-Range", contentRange);
    }
    headers.forEach(b::header);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  /** GET of an archive location; the body as bytes. */
  static HttpResponse<byte[]> download(String location, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(location)).GET();
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
