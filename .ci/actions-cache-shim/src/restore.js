// Restore as actions/cache v4's restoreImpl does (same outputs, state and messages).
const cache = require('@actions/cache');
const core = require('@actions/core');

function isExactKeyMatch(key, cacheKey) {
  return !!(cacheKey && cacheKey.localeCompare(key, undefined, { sensitivity: 'accent' }) === 0);
}

async function restore(saveState) {
  try {
    if (!cache.isFeatureAvailable()) {
      core.warning('Cache action is not supported on this runner: ACTIONS_CACHE_URL is not set.');
      core.setOutput('cache-hit', 'false');
      return;
    }
    const key = core.getInput('key', { required: true });
    if (saveState) {
      core.saveState('CACHE_KEY', key);
    }
    const restoreKeys = core.getMultilineInput('restore-keys');
    const paths = core.getMultilineInput('path', { required: true });
    core.setOutput('cache-primary-key', key);
    const matched = await cache.restoreCache(paths, key, restoreKeys);
    if (!matched) {
      core.setOutput('cache-hit', 'false');
      core.info(`Cache not found for input keys: ${[key, ...restoreKeys].join(', ')}`);
      return;
    }
    if (saveState) {
      core.saveState('CACHE_RESULT', matched);
    }
    core.setOutput('cache-hit', isExactKeyMatch(key, matched).toString());
    core.setOutput('cache-matched-key', matched);
    core.info(`Cache restored from key: ${matched}`);
  } catch (error) {
    core.setFailed(error.message);
  }
}

restore(process.env.SHIM_MODE !== 'restore-only');
