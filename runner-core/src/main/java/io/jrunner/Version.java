// SPDX-License-Identifier: Apache-2.0
package io.jrunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The runner's version, stamped at build time; sent in Register, Declare and the User-Agent. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** E.g. {@code 0.1.0}; {@code dev} when not built by Maven. */
  public static String current() {
    return VERSION;
  }

  /** {@code jrunner/<version>}. */
  public static String userAgent() {
    return "jrunner/" + VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
