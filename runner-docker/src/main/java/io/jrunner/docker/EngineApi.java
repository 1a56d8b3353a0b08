// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.jrunner.config.JsonText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small client of the Docker Engine API on the JDK alone, for what the daemon does before its
 * first job: find the engine, sweep what an earlier run left, find its own container, and let that
 * container join and leave job networks for the cache. Loading docker-java (with Jackson, Apache
 * HttpClient 5 and Guava) costs an idle daemon about a quarter of its classes and half its start-up
 * CPU, so the job engine's docker-java client is only made when the first job opens
 * (docs/architecture.md).
 *
 * <p>HTTP/1.1, one connection per request ({@code Connection: close}), over {@code unix://} sockets
 * and plain {@code tcp://}/{@code http://} hosts. TLS hosts ({@code https://}, or {@code tcp://}
 * with {@code DOCKER_TLS_VERIFY}) are not supported: {@link #supports} tells, and callers use
 * docker-java for them. Unversioned paths, as docker-java's clients here.
 *
 * <p>Thread-safe and stateless between requests. Every method throws {@link EngineApiException}:
 * with the engine's HTTP status and {@code message}, or status 0 with the host and the reason when
 * the engine could not be asked (each request is bounded by the timeout).
 */
public final class EngineApi implements LabelledObjects {
  private final String host;
  private final SocketAddress address;
  private final String hostHeader;
  private final Duration timeout;

  /** The engine's version: the engine's release and the newest API version it speaks. */
  public record Version(String version, String apiVersion) {}

  /**
   * A listed container, network or volume.
   *
   * @param id its id (a volume's is its name)
   * @param name its name (a container's first, without the leading slash)
   * @param labels its labels
   */
  public record Listed(String id, String name, Map<String, String> labels) {
    public Listed {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * What {@code GET /containers/{id}/json} says of a container, as far as jrunner needs it.
   *
   * @param hostname {@code Config.Hostname}
   * @param networkMode {@code HostConfig.NetworkMode}
   * @param networks its endpoints by network name
   */
  public record ContainerState(
      String id,
      boolean running,
      String hostname,
      String networkMode,
      Map<String, Endpoint> networks) {
    public ContainerState {
      networks = Map.copyOf(networks);
    }
  }

  /** A container's endpoint on one network. */
  public record Endpoint(String networkId, String ipAddress) {}

  private EngineApi(String host, SocketAddress address, String hostHeader, Duration timeout) {
    this.host = host;
    this.address = address;
    this.hostHeader = hostHeader;
    this.timeout = timeout;
  }

  /**
   * Whether this client can talk to {@code host}: {@code unix://}, {@code http://} and {@code
   * tcp://} without {@code DOCKER_TLS_VERIFY} in {@code env} (the variable docker-java and the
   * docker CLI read).
   */
  public static boolean supports(String host, Map<String, String> env) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("unix://") || h.startsWith("http://")) {
      return true;
    }
    if (h.startsWith("tcp://")) {
      String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "").strip();
      return verify.isEmpty() || verify.equals("0") || verify.equalsIgnoreCase("false");
    }
    return false;
  }

  /**
   * @param host {@code unix:///path}, {@code tcp://host:port} or {@code http://host:port}
   * @param timeout the bound of each request, connecting included
   * @throws IllegalArgumentException for another scheme (see {@link #supports})
   */
  public static EngineApi of(String host, Duration timeout) {
    URI uri = URI.create(host);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "unix" ->
          new EngineApi(host, UnixDomainSocketAddress.of(uri.getPath()), "docker", timeout);
      case "tcp", "http" -> {
        if (uri.getHost() == null) {
          throw new IllegalArgumentException("no host name in " + host);
        }
        int port = uri.getPort() < 0 ? 2375 : uri.getPort();
        yield new EngineApi(
            host,
            InetSocketAddress.createUnresolved(uri.getHost(), port),
            uri.getHost() + ":" + port,
            timeout);
      }
      default ->
          throw new IllegalArgumentException(
              "the start-up client speaks unix://, tcp:// and http:// only, not " + host);
    };
  }

  /** {@code GET /version}. */
  public Version version() {
    JsonObject v = object(call("GET", "/version", null));
    return new Version(string(v, "Version"), string(v, "ApiVersion"));
  }

  /** {@code GET /_ping}: returns when the engine answers OK. */
  public void ping() {
    call("GET", "/_ping", null);
  }

  /**
   * Containers, running or not, that carry every label of {@code labelFilter}.
   *
   * @param labelFilter {@code key=value} or {@code key} entries
   */
  @Override
  public List<Listed> containers(List<String> labelFilter) {
    List<Listed> found = new ArrayList<>();
    for (JsonElement e :
        array(call("GET", "/containers/json?all=1&" + filters(labelFilter), null))) {
      JsonObject c = e.getAsJsonObject();
      String name = "";
      if (c.has("Names") && c.get("Names").isJsonArray() && !c.getAsJsonArray("Names").isEmpty()) {
        name = c.getAsJsonArray("Names").get(0).getAsString();
        name = name.startsWith("/") ? name.substring(1) : name;
      }
      found.add(new Listed(string(c, "Id"), name, labels(c)));
    }
    return found;
  }

  /** Networks that carry every label of {@code labelFilter} (the listing names no containers). */
  @Override
  public List<Listed> networks(List<String> labelFilter) {
    List<Listed> found = new ArrayList<>();
    for (JsonElement e : array(call("GET", "/networks?" + filters(labelFilter), null))) {
      JsonObject n = e.getAsJsonObject();
      found.add(new Listed(string(n, "Id"), string(n, "Name"), labels(n)));
    }
    return found;
  }

  /** Volumes that carry every label of {@code labelFilter}. */
  @Override
  public List<Listed> volumes(List<String> labelFilter) {
    JsonObject answer = object(call("GET", "/volumes?" + filters(labelFilter), null));
    List<Listed> found = new ArrayList<>();
    if (answer.has("Volumes") && answer.get("Volumes").isJsonArray()) {
      for (JsonElement e : answer.getAsJsonArray("Volumes")) {
        JsonObject v = e.getAsJsonObject();
        found.add(new Listed(string(v, "Name"), string(v, "Name"), labels(v)));
      }
    }
    return found;
  }

  /** {@code DELETE /containers/{id}?force=1&v=1}: stops it if need be, with its volumes. */
  @Override
  public void removeContainer(String id) {
    call("DELETE", "/containers/" + segment(id) + "?force=1&v=1", null);
  }

  /** {@code DELETE /networks/{id}}. */
  @Override
  public void removeNetwork(String id) {
    call("DELETE", "/networks/" + segment(id), null);
  }

  /** {@code DELETE /volumes/{name}}. */
  @Override
  public void removeVolume(String name) {
    call("DELETE", "/volumes/" + segment(name), null);
  }

  @Override
  public boolean notFound(RuntimeException e) {
    return e instanceof EngineApiException x && x.notFound();
  }

  /**
   * {@code GET /containers/{id}/json}.
   *
   * @return empty when the engine knows no such container
   */
  public Optional<ContainerState> inspectContainer(String idOrName) {
    String body;
    try {
      body = call("GET", "/containers/" + segment(idOrName) + "/json", null);
    } catch (EngineApiException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
    JsonObject c = object(body);
    JsonObject state = child(c, "State");
    JsonObject config = child(c, "Config");
    JsonObject hostConfig = child(c, "HostConfig");
    JsonObject nets = child(child(c, "NetworkSettings"), "Networks");
    Map<String, Endpoint> networks = new LinkedHashMap<>();
    for (String name : nets.keySet()) {
      JsonObject n = child(nets, name);
      networks.put(name, new Endpoint(string(n, "NetworkID"), string(n, "IPAddress")));
    }
    return Optional.of(
        new ContainerState(
            string(c, "Id"),
            state.has("Running") && state.get("Running").getAsBoolean(),
            string(config, "Hostname"),
            string(hostConfig, "NetworkMode"),
            networks));
  }

  /**
   * {@code POST /networks/{network}/connect}.
   *
   * @param aliases the container's aliases on the network (none on {@code bridge})
   */
  public void connect(String network, String container, List<String> aliases) {
    JsonObject body = new JsonObject();
    body.addProperty("Container", container);
    if (!aliases.isEmpty()) {
      JsonArray names = new JsonArray();
      aliases.forEach(names::add);
      JsonObject endpoint = new JsonObject();
      endpoint.add("Aliases", names);
      body.add("EndpointConfig", endpoint);
    }
    call("POST", "/networks/" + segment(network) + "/connect", body.toString());
  }

  /** {@code POST /networks/{network}/disconnect} with {@code Force}. */
  public void disconnect(String network, String container) {
    JsonObject body = new JsonObject();
    body.addProperty("Container", container);
    body.addProperty("Force", true);
    call("POST", "/networks/" + segment(network) + "/disconnect", body.toString());
  }

  private String call(String method, String path, String json) {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(hostHeader).append("\r\n");
    request.append("User-Agent: jrunner\r\n");
    request.append("Accept: application/json\r\n");
    request.append("Connection: close\r\n");
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    if (json != null) {
      request.append("Content-Type: application/json\r\n");
    }
    if (json != null || !method.equals("GET")) {
      request.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.append("\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, bytes, head.length, body.length);
    HttpReplies.Reply reply;
    try {
      reply = exchange(bytes);
    } catch (IOException e) {
      throw new EngineApiException(0, host + ": " + reason(e), e);
    }
    if (reply.status() >= 400) {
      throw new EngineApiException(reply.status(), engineMessage(reply), null);
    }
    return reply.text();
  }

  private HttpReplies.Reply exchange(byte[] request) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = open();
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      SocketAddress target =
          address instanceof InetSocketAddress inet && inet.isUnresolved()
              ? new InetSocketAddress(inet.getHostString(), inet.getPort())
              : address;
      SelectionKey key;
      if (channel.connect(target)) {
        key = channel.register(selector, SelectionKey.OP_WRITE);
      } else {
        key = channel.register(selector, SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
          await(selector, deadline, "connecting");
        }
        key.interestOps(SelectionKey.OP_WRITE);
      }
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(selector, deadline, "sending");
        }
      }
      key.interestOps(SelectionKey.OP_READ);
      byte[] data = new byte[8192];
      int length = 0;
      ByteBuffer in = ByteBuffer.allocate(16384);
      while (true) {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
          return HttpReplies.parse(data, length, true).orElseThrow();
        }
        if (n == 0) {
          await(selector, deadline, "waiting for the answer");
          continue;
        }
        if (length + n > data.length) {
          data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        in.flip();
        in.get(data, length, n);
        length += n;
        Optional<HttpReplies.Reply> reply = HttpReplies.parse(data, length, false);
        if (reply.isPresent()) {
          return reply.get();
        }
      }
    }
  }

  private SocketChannel open() throws IOException {
    return address instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open();
  }

  private void await(Selector selector, long deadline, String doing) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("no progress in " + timeout.toSeconds() + "s " + doing);
    }
    selector.select(Math.max(1, left / 1_000_000));
    selector.selectedKeys().clear();
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The engine's {@code message}, else the status and the start of the body. */
  private static String engineMessage(HttpReplies.Reply reply) {
    String text = reply.text().strip();
    try {
      JsonElement json = JsonText.parse(text);
      if (json.isJsonObject() && json.getAsJsonObject().has("message")) {
        return json.getAsJsonObject().get("message").getAsString();
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      // not the engine's JSON: the text below
    }
    return "HTTP "
        + reply.status()
        + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
  }

  private static String filters(List<String> labelFilter) {
    JsonArray labels = new JsonArray();
    labelFilter.forEach(labels::add);
    JsonObject filters = new JsonObject();
    filters.add("label", labels);
    return "filters=" + URLEncoder.encode(filters.toString(), StandardCharsets.UTF_8);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonElement parse(String body) {
    try {
      return JsonText.parse(body);
    } catch (JsonParseException e) {
      throw new EngineApiException(0, host + ": the engine's answer is not JSON", e);
    }
  }

  private JsonObject object(String body) {
    JsonElement e = parse(body);
    if (!e.isJsonObject()) {
      throw new EngineApiException(0, host + ": expected a JSON object from the engine", null);
    }
    return e.getAsJsonObject();
  }

  private JsonArray array(String body) {
    JsonElement e = parse(body);
    if (e.isJsonNull()) {
      return new JsonArray();
    }
    if (!e.isJsonArray()) {
      throw new EngineApiException(0, host + ": expected a JSON array from the engine", null);
    }
    return e.getAsJsonArray();
  }

  private static JsonObject child(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  private static Map<String, String> labels(JsonObject o) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonObject l = child(o, "Labels");
    for (String key : l.keySet()) {
      JsonElement v = l.get(key);
      labels.put(key, v == null || v.isJsonNull() ? "" : v.getAsString());
    }
    return labels;
  }
}
