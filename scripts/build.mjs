/**
 * Bundles the TypeScript sources into dist/essd.js (one ES module), so `essd` starts without compiling TypeScript:
 * loading ~350 files through tsx's loader thread took ~3 s of start-up and held ~60 MB. esbuild does it in well
 * under a second; `bin/essd.js` calls `buildIfStale` on every start, so a fresh clone (`npm ci && npm start`) and
 * an edited source tree never run a stale bundle. The packages it imports at start come from dist/vendor-<key>/,
 * bundled apart and only when the installed packages change (scripts/vendor.mjs); those it loads lazily (pg,
 * ioredis, pdf-lib, qrcode, pino-pretty) and native addons stay in node_modules.
 *
 *   node scripts/build.mjs            (or `npm run build`; `rm -rf dist` first to rebuild the vendor bundle too)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildVendor, isVendored, LOCKFILES, moduleFile, vendorName } from "./vendor.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLE = join(ROOT, "dist", "essd.js");
const SRC = join(ROOT, "src");
const ENTRY = join(SRC, "cli", "main.ts");
/** Names the vendor directory the bundle imports (written with it): a start checks that it is still there. */
const VENDOR_NOTE = join(ROOT, "dist", "essd.vendor");
/** Stands for `./vendor-<key>` in the bundle until the key (which hashes the vendored packages) is known. */
const PLACEHOLDER = "__ESSD_VENDOR_DIRECTORY__";

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * The newest modification time under src/ (tests aside: the bundle holds none), of these scripts (whose options
 * shape the bundles) and of the lockfiles. Runs at every start: plain string paths, since path.join's
 * normalisation of ~320 paths was most of its cost.
 */
function newestSource() {
  let newest = Math.max(mtime(fileURLToPath(import.meta.url)), mtime(fileURLToPath(new URL("./vendor.mjs", import.meta.url))), ...LOCKFILES.map(mtime));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(SRC);
  return newest;
}

/** Whether dist/essd.js is missing, older than a source file or the packages installed, or its vendor bundle is gone. */
export function isStale() {
  try {
    return statSync(BUNDLE).mtimeMs < newestSource() || !existsSync(join(ROOT, "dist", readFileSync(VENDOR_NOTE, "utf8").trim()));
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

/** Static imports of packages go to the vendor bundle (collected in `vendored`); the rest stay as written. */
const vendorImports = (vendored) => ({
  name: "vendor-imports",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!isVendored(args.path, args.kind)) return undefined;
      vendored.add(args.path);
      return { path: `${PLACEHOLDER}/${moduleFile(args.path)}`, external: true };
    });
  },
});

/** Packages the sources load lazily (pg, ioredis, pdf-lib…): the vendor bundle leaves them in node_modules too. */
function lazyPackages(vendored) {
  const { dependencies = {} } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  return Object.keys(dependencies).filter((name) => ![...vendored].some((specifier) => specifier === name || specifier.startsWith(`${name}/`)));
}

/** Writes `contents` to `path` aside, then renames it, so concurrent starts never load half a file. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** Builds dist/essd.js and, when the packages it imports are not bundled yet, their vendor bundle. */
export async function build() {
  const { build: esbuild } = await import("esbuild");
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const vendored = new Set();
  const { outputFiles } = await esbuild({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
    plugins: [sourceUrls, vendorImports(vendored)],
  });
  const name = vendorName(vendored);
  await buildVendor(name, vendored, lazyPackages(vendored));
  const map = outputFiles.find((file) => file.path.endsWith(".map"));
  const code = outputFiles.find((file) => file !== map);
  writeAtomically(`${BUNDLE}.map`, map.contents);
  writeAtomically(BUNDLE, code.text.replaceAll(`"${PLACEHOLDER}/`, `"./${name}/`));
  writeAtomically(VENDOR_NOTE, `${name}\n`);
}

/** Rebuilds when a source changed since the last build; answers whether it did. */
export async function buildIfStale() {
  if (!isStale()) return false;
  await build();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await build();
