#!/usr/bin/env node
// Runs dist/essd.js, the sources bundled by esbuild (scripts/build.mjs), rebuilt first whenever a file under src/
// is newer: `npm ci && npm start` needs no separate build step, an edited tree never runs a stale bundle, and a
// start no longer compiles ~350 TypeScript files through tsx (≈ 3 s of CPU and ≈ 60 MB). Should the build fail
// (esbuild missing), the sources run through tsx as before.
import { pathToFileURL } from "node:url";

let entry;
try {
  const { BUNDLE, buildIfStale } = await import("../scripts/build.mjs");
  await buildIfStale();
  entry = pathToFileURL(BUNDLE).href;
} catch (error) {
  process.stderr.write(`essd: running the TypeScript sources through tsx (no bundle: ${error.message})\n`);
  const { register } = await import("tsx/esm/api");
  register();
  entry = new URL("../src/cli/main.ts", import.meta.url).href;
}
// Stack traces name the TypeScript file and line, not the bundle's.
process.setSourceMapsEnabled(true);
await import(entry);
