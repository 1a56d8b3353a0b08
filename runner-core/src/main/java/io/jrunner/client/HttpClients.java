// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp client for one instance: TLS verified by default against the system CAs, plus
 * the certificates of {@code caFile} when given, or not verified at all when {@code insecure}; an
 * {@code http://} instance gets a client that speaks plain HTTP only.
 */
public final class HttpClients {
  private HttpClients() {}

  /**
   * @throws TlsConfigurationException when the CA file cannot be read or holds no certificate
   */
  public static OkHttpClient create(ClientSettings settings) throws TlsConfigurationException {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .callTimeout(settings.callTimeout())
            // A pooled keep-alive connection the server or a proxy closed while idle fails the
            // next call with "unexpected end of stream"; OkHttp then retries on a new connection.
            // Every RPC here is safe to repeat (UpdateLog is by index, FetchTask has its key).
            .retryOnConnectionFailure(true)
            .followRedirects(false)
            .proxySelector(new EnvProxySelector(System.getenv()));
    if ("http".equalsIgnoreCase(settings.instance().getScheme())) {
      // Plain HTTP only: OkHttp then sets up no TLS (the JDK's TLS stack and its CA store, ~400
      // classes and 200 ms of a daemon's start), which an http:// instance never uses.
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    } else if (settings.insecure()) {
      X509TrustManager trustAll = new TrustAllManager();
      builder.sslSocketFactory(sslContext(trustAll).getSocketFactory(), trustAll);
      builder.hostnameVerifier((host, session) -> true);
    } else if (settings.caFile().isPresent()) {
      X509TrustManager trust = trustWithExtraCas(settings.caFile().get());
      builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
    }
    return builder.build();
  }

  private static SSLContext sslContext(X509TrustManager trust) throws TlsConfigurationException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A trust manager that accepts the system CAs and every certificate in {@code caFile}. */
  static X509TrustManager trustWithExtraCas(Path caFile) throws TlsConfigurationException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate ca : systemTrustManager().getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + n++, ca);
      }
      Collection<? extends Certificate> extra;
      try (InputStream in = Files.newInputStream(caFile)) {
        extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (extra.isEmpty()) {
        throw new TlsConfigurationException(
            "CA file " + caFile + " holds no PEM certificate", null);
      }
      int i = 0;
      for (Certificate cert : extra) {
        store.setCertificateEntry("extra-" + i++, cert);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return firstX509(factory.getTrustManagers())
          .orElseThrow(() -> new TlsConfigurationException("no X.509 trust manager", null));
    } catch (IOException e) {
      throw new TlsConfigurationException("cannot read CA file " + caFile + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "CA file " + caFile + " is not a PEM certificate bundle: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return firstX509(factory.getTrustManagers())
        .orElseThrow(() -> new GeneralSecurityException("no system X.509 trust manager"));
  }

  private static Optional<X509TrustManager> firstX509(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509TrustManager x) {
        return Optional.of(x);
      }
    }
    return Optional.empty();
  }

  /** Accepts every certificate: only for {@code insecure: true}. */
  private static final class TrustAllManager implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Insecure mode verifies nothing, on purpose.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Insecure mode verifies nothing, on purpose.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
