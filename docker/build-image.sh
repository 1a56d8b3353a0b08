#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the jrunner container image with no registry access (docs/container.md):
#   1. jlinks a small JRE from this machine's JDK with only the modules jrunner needs;
#   2. puts it, runner-cli/target/jrunner.jar, a static tini and the scripts of docker/ into a
#      build context (runner-cli/target/docker-context);
#   3. runs `docker build` FROM $BASE_IMAGE (default debian:bookworm-slim; any local image with
#      glibc, sh, coreutils and setpriv).
# Usage: docker/build-image.sh [TAG]          (default tag jrunner:latest)
# Env:   BASE_IMAGE, JAR, CONTEXT (the context directory), TINI (a static tini binary, default
#        Debian's /usr/bin/tini-static from the `tini` package), CONTEXT_ONLY=1 (stop after 2.),
#        JAVA_HOME (the JDK whose jlink and modules are used; default bin/java-home).
# Build the jar first: ./mvnw -q -B -pl runner-cli -am package -DskipTests
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tag=${1:-jrunner:latest}
base=${BASE_IMAGE:-debian:bookworm-slim}
jar=${JAR:-$root/runner-cli/target/jrunner.jar}
context=${CONTEXT:-$root/runner-cli/target/docker-context}
tini=${TINI:-/usr/bin/tini-static}
java_home=${JAVA_HOME:-$("$root/bin/java-home")}
# The modules jrunner's classes use, as jdeps finds them in the jar (so a new use of, say,
# jdk.httpserver or java.net.http cannot be forgotten here), plus three that are loaded by name at
# run time, which jdeps cannot see: jdk.crypto.ec (TLS with EC keys on older JDKs), jdk.charsets and
# jdk.zipfs. MODULES overrides the whole list.

[ -f "$jar" ] || { echo "build-image: $jar not found; build it first:" \
  "./mvnw -q -B -pl runner-cli -am package -DskipTests" >&2; exit 1; }
[ -x "$tini" ] || { echo "build-image: $tini not found; install Debian's tini package" \
  "(apt-get install tini) or set TINI to a static tini binary" >&2; exit 1; }
if [ -z "${MODULES:-}" ]; then
  used=$("$java_home/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 "$jar") ||
    { echo "build-image: jdeps failed on $jar" >&2; exit 1; }
  modules="$used,jdk.crypto.ec,jdk.charsets,jdk.zipfs"
else
  modules=$MODULES
fi

mkdir -p "$context"
# The JRE depends only on the JDK and the module list: reuse it when both are unchanged.
stamp="$java_home $modules cds"
if [ ! -x "$context/jre/bin/java" ] || [ "$(cat "$context/jre.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$context/jre" "$context/jre.stamp"
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages \
    --no-header-files --compress zip-6 --generate-cds-archive --output "$context/jre"
  echo "$stamp" > "$context/jre.stamp"
  echo "build-image: jlinked a JRE ($(du -sh "$context/jre" | cut -f1)) into $context/jre"
fi
cp "$jar" "$context/jrunner.jar"
install -m 0755 "$tini" "$context/tini"
install -m 0755 "$root/docker/entrypoint.sh" "$root/docker/jrunner" "$context/"
install -m 0644 "$root/docker/Dockerfile" "$context/Dockerfile"
printf 'jre.stamp\n' > "$context/.dockerignore"

if [ "${CONTEXT_ONLY:-0}" = 1 ]; then
  echo "build-image: context ready in $context"
  exit 0
fi
docker build --build-arg "BASE_IMAGE=$base" -t "$tag" "$context"
echo "build-image: built $tag FROM $base"
