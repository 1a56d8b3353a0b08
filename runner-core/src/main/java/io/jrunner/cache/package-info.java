// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code actions/cache} server and the per-runner proxy in front of it (protocol.md §6.4,
 * forgejo-runner's {@code artifactcache} and {@code cacheproxy}): the six {@code
 * _apis/artifactcache} routes, lookup, HMAC-signed run data, durable index and files, GC and
 * eviction. Depends on {@code config} only.
 */
package io.jrunner.cache;
