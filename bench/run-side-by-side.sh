#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side-by-side benchmark of jrunner and forgejo-runner (docs/benchmarks.md, "Side by side with
# forgejo-runner"). Builds jrunner and the bench jar unless SKIP_BUILD=1, then runs the harness.
#   bench/run-side-by-side.sh [--short] [--rounds N] [--forgejo-runner PATH]
#     [--only idle,one-step,twenty-steps,sparse,lines,capacity]  (some scenarios only)
# Without --forgejo-runner, /work/tools/forgejo-runner is used when it exists (FORGEJO_RUNNER=none
# measures jrunner alone). Needs a Docker engine with runner-test/busybox:latest and
# runner-test/debian-node:bookworm.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME; JAVA_HOME=$(bin/java-home)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -o -q -B -pl runner-cli,bench -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip
fi
args=("$@")
fr=${FORGEJO_RUNNER:-/work/tools/forgejo-runner}
if [ "$fr" != none ] && [ -x "$fr" ] && [[ " $* " != *" --forgejo-runner "* ]]; then
  args+=(--forgejo-runner "$fr")
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp bench/target/benchmarks.jar \
  io.jrunner.bench.sidebyside.SideBySide --jrunner bin/jrunner "${args[@]}"
