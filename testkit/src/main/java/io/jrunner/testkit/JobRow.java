// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

/** A waiting job. */
record JobRow(FakeJob job, long runId, int stepCount) {}
