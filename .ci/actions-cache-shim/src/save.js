// Save as actions/cache v4's saveImpl does: skipped after an exact hit, errors only warn.
const cache = require('@actions/cache');
const core = require('@actions/core');

function isExactKeyMatch(key, cacheKey) {
  return !!(cacheKey && cacheKey.localeCompare(key, undefined, { sensitivity: 'accent' }) === 0);
}

async function save(fromState) {
  try {
    if (!cache.isFeatureAvailable()) {
      core.warning('Cache action is not supported on this runner: ACTIONS_CACHE_URL is not set.');
      return;
    }
    const key = fromState ? core.getState('CACHE_KEY') : core.getInput('key', { required: true });
    if (!key) {
      core.warning('Key is not specified.');
      return;
    }
    if (fromState && isExactKeyMatch(key, core.getState('CACHE_RESULT'))) {
      core.info(`Cache hit occurred on the primary key ${key}, not saving cache.`);
      return;
    }
    const paths = core.getMultilineInput('path', { required: true });
    const id = await cache.saveCache(paths, key);
    if (id != -1) {
      core.info(`Cache saved with key: ${key}`);
    }
  } catch (error) {
    core.warning(error.message);
  }
}

save(process.env.SHIM_MODE !== 'save-only');
