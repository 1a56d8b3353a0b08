// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the proxy vouches for on every request of a run: repository, run number, timestamp and
 * write-isolation key, signed with the secret shared by proxy and server (forgejo-runner's {@code
 * RunData}; header names in {@link #HEADER_REPO} and the others). Immutable.
 *
 * @param repository the repository full name ({@code owner/name})
 * @param runNumber the run id of the task
 * @param timestamp Unix seconds when the run was registered
 * @param mac hex HMAC-SHA256 of the other fields, see {@link #mac(String, String, String, String,
 *     String)}
 * @param writeIsolationKey empty, or the pull request ref whose writes are kept apart
 */
public record RunData(
    String repository, String runNumber, String timestamp, String mac, String writeIsolationKey) {
  public static final String HEADER_REPO = "Forgejo-Cache-Repo";
  public static final String HEADER_RUN_NUMBER = "Forgejo-Cache-RunNumber";
  public static final String HEADER_RUN_ID = "Forgejo-Cache-RunId";
  public static final String HEADER_TIMESTAMP = "Forgejo-Cache-Timestamp";
  public static final String HEADER_MAC = "Forgejo-Cache-MAC";
  public static final String HEADER_HOST = "Forgejo-Cache-Host";
  public static final String HEADER_WRITE_ISOLATION_KEY = "Forgejo-Cache-WriteIsolationKey";

  public RunData {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(runNumber, "runNumber");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(writeIsolationKey, "writeIsolationKey");
  }

  /** Signs the given fields with {@code secret}. */
  public static RunData signed(
      String secret,
      String repository,
      String runNumber,
      long timestamp,
      String writeIsolationKey) {
    String ts = Long.toString(timestamp);
    return new RunData(
        repository,
        runNumber,
        ts,
        mac(secret, repository, runNumber, ts, writeIsolationKey),
        writeIsolationKey);
  }

  /**
   * {@code hex(HMAC-SHA256(secret, repo + ">" + run + ">" + ts + ">" + writeIsolationKey))}, byte
   * for byte forgejo-runner's {@code ComputeMac}.
   */
  public static String mac(
      String secret, String repository, String runNumber, String timestamp, String wik) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] out =
          mac.doFinal(
              (repository + ">" + runNumber + ">" + timestamp + ">" + wik)
                  .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether the MAC matches {@code secret} and the timestamp is a number not after {@code
   * nowSeconds} (no maximum age, as forgejo-runner). Constant-time comparison.
   */
  public boolean valid(String secret, long nowSeconds) {
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (ts > nowSeconds || secret.isEmpty()) {
      return false;
    }
    String expected = mac(secret, repository, runNumber, timestamp, writeIsolationKey);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), mac.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RunData[repository="
        + repository
        + ", runNumber="
        + runNumber
        + ", timestamp="
        + timestamp
        + ", writeIsolationKey="
        + writeIsolationKey
        + "]";
  }
}
