// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one rule for a failed TLS handshake a user sees: what is wrong with the instance's
 * certificate in plain words (expired, not yet valid, issued for another host name, signed by an
 * unknown CA), one line, no library class name. Stateless.
 */
final class TlsFailures {
  private TlsFailures() {}

  private static final String HINT =
      " (trust the instance's CA with runner.ca_file, or set runner.insecure)";
  private static final Pattern HOST = Pattern.compile("Hostname (\\S+) not verified");

  /** A one-line reason for {@code e}. */
  static String describe(SSLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "the instance's certificate has expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "the instance's certificate is not valid yet (check the clocks)";
      }
      if (t instanceof SSLPeerUnverifiedException) {
        Matcher host = HOST.matcher(String.valueOf(t.getMessage()));
        return "the instance's certificate is not valid for the host name"
            + (host.find() ? " " + host.group(1) : " of the instance's address");
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("validity check failed") || m.contains("certificate expired")) {
        return "the instance's certificate has expired or is not valid yet";
      }
      if (m.contains("unable to find valid certification path")
          || m.contains("path building failed")) {
        return "the instance's certificate is not signed by a CA this runner trusts" + HINT;
      }
      if (m.contains("no subject alternative") || m.contains("hostname")) {
        return "the instance's certificate is not valid for the host name of the instance's"
            + " address";
      }
    }
    String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    // drop "a.b.SomeException: " prefixes a JDK message may carry
    m = m.replaceAll("(?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*)?", "").strip();
    return "the TLS handshake failed" + (m.isEmpty() ? "" : ": " + m) + HINT;
  }
}
