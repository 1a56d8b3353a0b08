// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

/**
 * A waiting job (one attempt).
 *
 * @param id the job's id, as the REST API lists it
 * @param handle the attempt's handle (Forgejo 15), a UUID asked for by {@code FetchSingleTask}
 */
record JobRow(FakeJob job, long runId, int stepCount, long id, String handle) {

  /** {@code owner/name} of the job's repository (its context's {@code repository}). */
  String repository() {
    com.google.protobuf.Value repo = job.context().getFieldsMap().get("repository");
    return repo != null && repo.hasStringValue() ? repo.getStringValue() : Contexts.REPOSITORY;
  }
}
