// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.PolicySection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, at daemon start, which profile applies and what its policy refuses. Stateless. */
final class ProfileBanner {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileBanner.class);

  private ProfileBanner() {}

  static void log(PolicySection policy) {
    if (policy.profile().isEmpty()) {
      return;
    }
    if (!policy.restricts()) {
      LOG.info("profile {}: its policy restricts nothing", policy.profile().get());
      return;
    }
    LOG.info("profile {}: policy {}", policy.profile().get(), summary(policy));
  }

  static String summary(PolicySection p) {
    return "refs "
        + any(p.allowedRefs())
        + (p.requireProtected() ? " (protected only)" : "")
        + ", events refused "
        + (p.refusedEvents().isEmpty() ? "none" : p.refusedEvents())
        + ", repositories "
        + any(p.repositories())
        + ", registries "
        + any(p.registries())
        + ", Docker socket "
        + yesNo(p.dockerSocket())
        + ", privileged "
        + yesNo(p.privileged())
        + ", host volumes "
        + yesNo(p.hostVolumes());
  }

  private static String any(List<String> globs) {
    return globs.isEmpty() ? "any" : globs.toString();
  }

  private static String yesNo(boolean allowed) {
    return allowed ? "as the container settings say" : "refused";
  }
}
