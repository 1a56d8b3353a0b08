// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * One line of {@code jrunner doctor}: the check's name, its status, what was found, and for a
 * failure or warning what to do.
 *
 * @param fix what to do; empty when nothing is to be done
 */
record DoctorCheck(String name, Status status, String detail, Optional<String> fix) {
  /** The closed set of outcomes; only {@link #FAIL} makes doctor exit non-zero. */
  enum Status {
    OK,
    WARN,
    FAIL,
    /** Not run: an earlier check it needs failed. */
    SKIP
  }

  static DoctorCheck ok(String name, String detail) {
    return new DoctorCheck(name, Status.OK, detail, Optional.empty());
  }

  static DoctorCheck warn(String name, String detail, String fix) {
    return new DoctorCheck(name, Status.WARN, detail, Optional.of(fix));
  }

  static DoctorCheck fail(String name, String detail, String fix) {
    return new DoctorCheck(name, Status.FAIL, detail, Optional.of(fix));
  }

  static DoctorCheck skip(String name, String why) {
    return new DoctorCheck(name, Status.SKIP, why, Optional.empty());
  }

  /** {@code FAIL server cannot reach …; fix: …}. */
  String line() {
    return String.format(
        Locale.ROOT,
        "%-4s  %-12s %s%s",
        status,
        name,
        detail,
        fix.map(f -> "; fix: " + f).orElse(""));
  }
}
