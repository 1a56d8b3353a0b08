#!/usr/bin/env bash
# Builds the stand-in into DIR (default: a new temp dir) and prints DIR: npm install, then one
# esbuild bundle per entry point, as the real action's dist/ (restore, restore-only, save, save-only).
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d -t actions-cache-shim.XXXXXX)}
mkdir -p "$out"
cp -r "$src/action.yml" "$src/restore" "$src/save" "$src/src" "$src/package.json" "$out/"
cd "$out"
npm install --no-audit --no-fund --loglevel=error >/dev/null
bundle() { # source mode outdir
  mkdir -p "dist/$3"
  node_modules/.bin/esbuild "src/$1.js" --bundle --platform=node --target=node20 \
    --banner:js="process.env.SHIM_MODE = '$2';" --outfile="dist/$3/index.js" --log-level=warning
}
bundle restore restore restore
bundle restore restore-only restore-only
bundle save save save
bundle save save-only save-only
echo "$out"
