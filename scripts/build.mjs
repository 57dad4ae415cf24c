/**
 * Bundles the TypeScript sources into dist/essd.js (one ES module; packages stay in node_modules), so `essd`
 * starts without compiling TypeScript: loading ~350 files through tsx's loader thread took ~3 s of start-up and
 * held ~60 MB. esbuild does it in well under a second; `bin/essd.js` calls `buildIfStale` on every start, so a
 * fresh clone (`npm ci && npm start`) and an edited source tree never run a stale bundle.
 *
 *   node scripts/build.mjs            (or `npm run build`)
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLE = join(ROOT, "dist", "essd.js");
const SRC = join(ROOT, "src");
const ENTRY = join(SRC, "cli", "main.ts");

/** The newest modification time under src/ (and of this script, whose options shape the bundle). */
function newestSource() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(SRC);
  return newest;
}

/** Whether dist/essd.js is missing or older than a source file. */
export function isStale() {
  try {
    return statSync(BUNDLE).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

/**
 * Files under src/ find their assets relative to themselves (`new URL("./assets/", import.meta.url)`); in the
 * bundle `import.meta.url` is dist/essd.js, so each such file gets its own source URL, relative to the bundle.
 */
const sourceUrls = {
  name: "source-urls",
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const fromBundle = relative(dirname(BUNDLE), args.path).split("\\").join("/");
      const prologue = `const __sourceUrl = new URL(${JSON.stringify(fromBundle)}, import.meta.url).href;\n`;
      return { contents: prologue + text.replaceAll("import.meta.url", "__sourceUrl"), loader: "ts" };
    });
  },
};

/** Builds dist/essd.js (written aside, then renamed, so concurrent starts never load half a file). */
export async function build() {
  const { build: esbuild } = await import("esbuild");
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const temporary = `${BUNDLE}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: [ENTRY],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
    plugins: [sourceUrls],
  });
  const map = `${temporary}.map`;
  writeFileSync(temporary, readFileSync(temporary, "utf8").replace(`//# sourceMappingURL=${temporary.split("/").pop()}.map`, "//# sourceMappingURL=essd.js.map"));
  renameSync(map, `${BUNDLE}.map`);
  renameSync(temporary, BUNDLE);
}

/** Rebuilds when a source changed since the last build; answers whether it did. */
export async function buildIfStale() {
  if (!isStale()) return false;
  await build();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await build();
