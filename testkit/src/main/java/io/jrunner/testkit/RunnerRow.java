// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.testkit.Views.RunnerView;
import java.time.Instant;
import java.util.List;

/** A runner row. */
final class RunnerRow {
  final long id;
  final String uuid;
  final String name;
  final boolean ephemeral;
  String token;
  String version;
  List<String> labels;
  Instant lastOnline;

  RunnerRow(
      long id,
      String uuid,
      String name,
      String token,
      String version,
      List<String> labels,
      boolean ephemeral) {
    this.id = id;
    this.uuid = uuid;
    this.name = name;
    this.token = token;
    this.version = version;
    this.labels = labels;
    this.ephemeral = ephemeral;
  }

  Runner toProto(boolean withToken) {
    Runner.Builder b =
        Runner.newBuilder()
            .setId(id)
            .setUuid(uuid)
            .setName(name)
            .setVersion(version)
            .addAllLabels(labels)
            .setEphemeral(ephemeral);
    return withToken ? b.setToken(token).build() : b.build();
  }

  RunnerView view() {
    return new RunnerView(id, uuid, name, version, labels, ephemeral, lastOnline);
  }
}
