// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.expr.ClearLine;
import io.jrunner.proto.ping.v1.PingRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance with its own CA (e.g. on a tailnet): verified by default, ca_file, insecure. */
class TlsTest {
  private final MockWebServer server = new MockWebServer();
  private final HeldCertificate root =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("tailnet CA").build();
  @TempDir Path dir;
  private URI instance;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(root).build();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(leaf, root.certificate())
            .build()
            .sslSocketFactory());
    server.start();
    instance = URI.create(server.url("/").toString());
    assertThat(instance.getScheme()).isEqualTo("https");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void unknownCa_failsWithAHintAtCaFile() throws Exception {
    ConnectRunnerClient client =
        ConnectRunnerClient.create(ClientSettings.anonymous(instance, "t"));

    assertThatThrownBy(() -> client.ping(PingRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            ConnectException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ConnectCode.UNAVAILABLE);
              assertThat(e.getMessage()).contains("TLS failed").contains("runner.ca_file");
            });
  }

  @Test
  void caFile_trustsTheInstancesCa() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, root.certificatePem());
    server.enqueue(ok());

    ConnectRunnerClient client =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(instance, "t").withTls(false, Optional.of(ca)));

    assertThat(client.ping(PingRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void insecure_skipsVerification() throws Exception {
    server.enqueue(ok());

    ConnectRunnerClient client =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(instance, "t").withTls(true, Optional.empty()));

    assertThat(client.ping(PingRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void unknownCa_messageNamesNoLibraryClass() throws Exception {
    ConnectRunnerClient client =
        ConnectRunnerClient.create(ClientSettings.anonymous(instance, "t"));

    assertThatThrownBy(() -> client.ping(PingRequest.getDefaultInstance()))
        .satisfies(e -> ClearLine.check(e.getMessage()))
        .hasMessageContaining("not signed by a CA this runner trusts");
  }

  @Test
  void expiredCertificate_isRefusedWithAClearLine() throws Exception {
    long now = System.currentTimeMillis();
    HeldCertificate expired =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .validityInterval(now - 172_800_000L, now - 86_400_000L)
            .signedBy(root)
            .build();

    assertRefused(expired, "the instance's certificate has expired");
  }

  @Test
  void wrongHostName_isRefusedWithAClearLine() throws Exception {
    HeldCertificate other =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("forgejo.example")
            .signedBy(root)
            .build();

    assertRefused(other, "the instance's certificate is not valid for the host name localhost");
  }

  /** A server with {@code leaf}, trusted through ca_file: the call fails with {@code reason}. */
  private void assertRefused(HeldCertificate leaf, String reason) throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, root.certificatePem());
    try (MockWebServer bad = new MockWebServer()) {
      bad.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(leaf, root.certificate())
              .build()
              .sslSocketFactory());
      bad.enqueue(ok());
      bad.start();
      ConnectRunnerClient client =
          ConnectRunnerClient.create(
              ClientSettings.anonymous(URI.create(bad.url("/").toString()), "t")
                  .withTls(false, Optional.of(ca)));

      assertThatThrownBy(() -> client.ping(PingRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              ConnectException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ConnectCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("TLS failed: " + reason);
                ClearLine.check(e.getMessage());
              });
      assertThat(bad.getRequestCount()).isZero();
    }
  }

  @Test
  void caFileThatIsNotPem_isAConfigurationError() throws Exception {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "not a certificate");

    assertThatThrownBy(
            () ->
                ConnectRunnerClient.create(
                    ClientSettings.anonymous(instance, "t").withTls(false, Optional.of(bad))))
        .isInstanceOf(TlsConfigurationException.class)
        .hasMessageContaining("bad.pem");
  }

  private static MockResponse ok() {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/proto")
        .body(new Buffer())
        .build();
  }
}
