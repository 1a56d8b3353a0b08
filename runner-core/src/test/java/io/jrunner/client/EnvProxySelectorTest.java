// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvProxySelectorTest {
  private final EnvProxySelector selector =
      new EnvProxySelector(
          Map.of(
              "HTTPS_PROXY", "http://proxy.corp:3128",
              "http_proxy", "plain.corp:8080",
              "NO_PROXY", "internal.example, .ts.net,git.local:3000"));

  @ParameterizedTest
  @CsvSource({
    "https://forge.example.com/, proxy.corp:3128",
    "http://forge.example.com/, plain.corp:8080",
    "https://internal.example/, DIRECT",
    "https://a.internal.example/, DIRECT",
    "https://git.tail1234.ts.net/, DIRECT",
    "http://git.local:3000/, DIRECT",
    "http://127.0.0.1:3000/, DIRECT",
    "http://localhost:3000/, DIRECT",
  })
  void select_followsGoProxyFromEnvironment(String url, String expected) {
    Proxy proxy = selector.select(URI.create(url)).get(0);

    String actual =
        proxy.type() == Proxy.Type.DIRECT
            ? "DIRECT"
            : ((InetSocketAddress) proxy.address()).getHostString()
                + ":"
                + ((InetSocketAddress) proxy.address()).getPort();
    assertThat(actual).isEqualTo(expected);
  }
}
