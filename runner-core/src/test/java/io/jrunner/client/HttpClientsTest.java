// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import okhttp3.ConnectionSpec;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
  @Test
  void anHttpInstance_getsAPlainHttpClient_thatSetsUpNoTls() throws Exception {
    var client =
        HttpClients.create(ClientSettings.anonymous(URI.create("http://forgejo.lan:3000/"), "t"));
    assertThat(client.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
  }

  @Test
  void anHttpsInstance_keepsTls() throws Exception {
    var client =
        HttpClients.create(ClientSettings.anonymous(URI.create("https://forgejo.example/"), "t"));
    assertThat(client.connectionSpecs()).anyMatch(ConnectionSpec::isTls);
    assertThat(client.x509TrustManager()).isNotNull();
  }
}
