// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SecretMaskerTest {
  @Test
  void masksEverySecretAndTokenInARow() {
    SecretMasker m = new SecretMasker(List.of("hunter2", "tok-123", "", "  "));
    assertThat(m.mask("pw hunter2 and hunter2, token tok-123!"))
        .isEqualTo("pw *** and ***, token ***!");
    assertThat(m.mask("nothing here")).isEqualTo("nothing here");
  }

  @Test
  void longestFirst() {
    SecretMasker m = new SecretMasker(List.of("abc", "abcdef"));
    assertThat(m.mask("xabcdefx abc")).isEqualTo("x***x ***");
  }

  @Test
  void addMaskAppliesToLaterRows() {
    SecretMasker m = new SecretMasker(List.of());
    assertThat(m.mask("value s3cr3t")).isEqualTo("value s3cr3t");
    m.add("s3cr3t");
    assertThat(m.mask("value s3cr3t")).isEqualTo("value ***");
  }

  @Test
  void multiLineSecretAcrossRowsInOneRowAndInItsOneLineForm() {
    SecretMasker m = new SecretMasker(List.of("-----BEGIN\r\nmiddle\nEND-----\n"));
    List<String> rows =
        new ArrayList<>(List.of("key: -----BEGIN", "middle", "END----- tail", "after"));
    assertThat(m.maskAcross(rows, false)).isEqualTo(4);
    assertThat(rows).containsExactly("key: ***", "***", "*** tail", "after");
    assertThat(m.mask("x -----BEGIN\\nmiddle\\nEND----- y")).isEqualTo("x *** y");
    assertThat(m.mask("x -----BEGIN\nmiddle\nEND----- y")).isEqualTo("x *** y");
  }

  @Test
  void asksForMoreRowsWhenTheBufferEndsInsideAPossibleMatch() {
    SecretMasker m = new SecretMasker(List.of("one\ntwo\nthree"));
    List<String> rows = new ArrayList<>(List.of("a", "x one", "two"));
    assertThat(m.maskAcross(rows, false)).isEqualTo(1);
    assertThat(rows).containsExactly("a", "x one", "two");
    rows.add("three!");
    assertThat(m.maskAcross(rows, false)).isEqualTo(4);
    assertThat(rows).containsExactly("a", "x ***", "***", "***!");
    List<String> last = new ArrayList<>(List.of("one"));
    assertThat(m.maskAcross(last, true)).isEqualTo(1);
    assertThat(last).containsExactly("one");
  }

  @Test
  @Timeout(10)
  void noQuadraticBlowUpOnLongRowsAndManySecrets() {
    List<String> secrets = IntStream.range(0, 2000).mapToObj(i -> "secret-" + i + "-x").toList();
    SecretMasker m = new SecretMasker(secrets);
    String row = "a".repeat(60_000) + "secret-1999-x";
    for (int i = 0; i < 20; i++) {
      assertThat(m.mask(row)).endsWith("a***");
    }
    String many = "secret-5-x ".repeat(5000);
    assertThat(m.mask(many)).isEqualTo("*** ".repeat(5000));
  }

  @Test
  void eachLineOfAMultiLineSecretIsMaskedOnItsOwn() {
    SecretMasker m = new SecretMasker(List.of("first-line\n  second-line  \n\nthird"));
    assertThat(m.mask("head says first-line")).isEqualTo("head says ***");
    assertThat(m.mask("second-line only")).isEqualTo("*** only");
    assertThat(m.mask("third")).isEqualTo("***");
    m.add("added\nby-add-mask");
    assertThat(m.mask("by-add-mask")).isEqualTo("***");
  }

  @Test
  void base64FormsAreMaskedWhereverTheSecretStarts() {
    String secret = "p4ssw0rd-of-the-day";
    SecretMasker m = new SecretMasker(List.of(secret));
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    byte[] utf8 = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(m.mask("x " + b64.encodeToString(utf8) + " y")).isEqualTo("x *** y");
    for (String prefix : List.of("", "u:", "us:", "use:", "user:")) {
      for (String suffix : List.of("", "\n", "@host/path")) {
        String encoded =
            b64.encodeToString(
                (prefix + secret + suffix).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String masked = m.mask(encoded);
        assertThat(masked).as("%s%s%s as %s", prefix, secret, suffix, encoded).contains("***");
        // at most the groups the prefix and suffix share with the secret are left
        assertThat(masked.replace("***", "").length())
            .isLessThanOrEqualTo(8 + encoded.length() - b64.encodeToString(utf8).length());
      }
    }
  }

  @Test
  void shortSecretsGetNoCutBase64FormThatWouldMaskWords() {
    SecretMasker m = new SecretMasker(List.of("abc"));
    assertThat(m.mask("YWJj")).isEqualTo("***"); // GitHub's own full form
    assertThat(m.mask("plain text without it")).isEqualTo("plain text without it");
  }
}
