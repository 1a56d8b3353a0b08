// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a proxy from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (either case)
 * as Go's {@code http.ProxyFromEnvironment} does for forgejo-runner: loopback hosts never go
 * through a proxy, and {@code NO_PROXY} lists hosts or domain suffixes ({@code *} for all).
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvProxySelector extends ProxySelector {
  private final Map<String, String> env;

  public EnvProxySelector(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String proxy =
        "https".equalsIgnoreCase(uri.getScheme()) ? get("HTTPS_PROXY") : get("HTTP_PROXY");
    if (proxy == null || proxy.isBlank() || isLoopback(host) || excluded(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    int port = p.getPort() > 0 ? p.getPort() : ("https".equalsIgnoreCase(p.getScheme()) ? 443 : 80);
    return List.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // OkHttp reports the failure to the caller itself; nothing to remember here.
  }

  private String get(String name) {
    String upper = env.get(name);
    return upper != null ? upper : env.get(name.toLowerCase(Locale.ROOT));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("[::1]");
  }

  private boolean excluded(String host) {
    String noProxy = get("NO_PROXY");
    if (noProxy == null) {
      return false;
    }
    for (String entry : noProxy.split(",")) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        return true;
      }
      String suffix = e.startsWith(".") ? e : "." + e;
      String bare = e.startsWith(".") ? e.substring(1) : e;
      int colon = bare.lastIndexOf(':');
      if (colon > 0 && !bare.contains("]")) {
        bare = bare.substring(0, colon);
        suffix = "." + bare;
      }
      if (host.equals(bare) || host.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
