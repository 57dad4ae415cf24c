/**
 * The packages dist/essd.js imports at start, bundled once into dist/vendor-<key>/ (one ES module per package,
 * their shared code in chunks). Loading fastify, zod, kysely, prom-client and the rest from node_modules meant
 * resolving, reading and compiling ≈ 800 files (kysely alone 262, zod 95, ajv 88): about 40 % of a start's CPU.
 * esbuild needs several seconds to bundle them, too slow for the rebuild `bin/essd.js` does after every edit of
 * src/, so they are bundled apart and only again when the installed packages change: the key hashes the
 * lockfile, this script and the list of packages, and a new key is a new directory (concurrent starts never see
 * half of one).
 *
 * Each package's module exports exactly what Node's own `import` of the package does (its names are read from a
 * child Node process): a CommonJS package's `default` is its module.exports and its named exports are the ones
 * Node's CommonJS lexer finds, so code that ran against node_modules runs unchanged against the bundle.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");

/** What the installed packages are: the lockfile npm wrote last (`npm ci` writes the hidden one). */
export const LOCKFILES = [join(ROOT, "package-lock.json"), join(ROOT, "node_modules", ".package-lock.json")];

/** Native addons find their binary relative to their own files: they stay in node_modules. */
const UNBUNDLED = new Set(["better-sqlite3"]);

/**
 * fastify's default schema compilers (ajv, fast-json-stringify: ≈ 600 KB to compile at every start), which
 * src/app/build-app.ts replaces by ones that load them from node_modules only if a route ever needs them.
 */
const NEVER_AT_START = ["@fastify/ajv-compiler", "@fastify/fast-json-stringify-compiler"];

/**
 * Node modules that vendored packages require when loaded but use only on paths essd never takes at start, if at
 * all: fastify's HTTP/2 and HTTPS servers, prom-client's and rate-limiter-flexible's cluster support, commander's
 * executable subcommands, pino's worker-thread transports, prom-client's heap statistics (on a scrape). Compiling
 * them cost ≈ 60 ms of a start; required through `lazyBuiltins` they load on first use of any of their members.
 */
const LAZY_BUILTINS = /^(node:)?(http2|https|cluster|child_process|worker_threads|v8)$/;

const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      args.kind === "require-call" && args.namespace !== "lazy-builtin" ? { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      loader: "js",
      contents: `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));
module.exports = new Proxy({}, {
  get: (_, key) => real()[key],
  has: (_, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`,
    }));
  },
};

/** The package a specifier names (`@fastify/static` of `@fastify/static/x`). */
const packageOf = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Whether the bundle of src/ should take `specifier` from the vendor bundle (a static import of a package). */
export function isVendored(specifier, kind) {
  return kind === "import-statement" && !specifier.startsWith(".") && !specifier.startsWith("/") && !isBuiltin(specifier) && !UNBUNDLED.has(packageOf(specifier));
}

/** The module file of `specifier` inside a vendor directory. */
export const moduleFile = (specifier) => `${specifier.replace(/^@/, "").replaceAll("/", "__")}.js`;

/** The directory name of the vendor bundle for these specifiers and the packages installed now. */
export function vendorName(specifiers) {
  const hash = createHash("sha256");
  for (const lockfile of LOCKFILES) if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update([...specifiers].sort().join("\n"));
  return `vendor-${hash.digest("hex").slice(0, 16)}`;
}

/**
 * The names Node's `import(specifier)` exposes, for every specifier, read by a child Node process from ROOT.
 * child_process is loaded here, not at the top: every start imports this file, and only a build needs it.
 */
async function exportNames(specifiers) {
  const { execFileSync } = await import("node:child_process");
  const script = `const out = {}; for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(await import(s)); process.stdout.write(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }));
}

/** An entry re-exporting `specifier` under exactly Node's names (a .mjs file, so esbuild gives CommonJS Node's interop). */
function entrySource(specifier, names) {
  const lines = [`import * as ns from ${JSON.stringify(specifier)};`];
  const named = names.filter((name) => name !== "default" && name !== "module.exports");
  named.forEach((name, i) => lines.push(`const e${i} = ns[${JSON.stringify(name)}];`));
  if (named.length) lines.push(`export { ${named.map((name, i) => `e${i} as ${JSON.stringify(name)}`).join(", ")} };`);
  if (names.includes("default")) lines.push("export default ns.default;");
  return `${lines.join("\n")}\n`;
}

/**
 * Builds dist/<name>/ unless it exists: one module per specifier, bundled with its dependencies. `external` are
 * packages the sources load lazily (pg, ioredis, pdf-lib…): a vendored package that can use one too takes it from
 * node_modules, so it is neither compiled at start nor held twice.
 */
export async function buildVendor(name, specifiers, external) {
  const target = join(DIST, name);
  if (existsSync(target)) return target;
  const release = await builderLock(target);
  try {
    if (!existsSync(target)) await bundle(target, name, specifiers, external);
  } finally {
    release();
  }
  removeOldVendors(name);
  return target;
}

/**
 * One process builds a vendor directory; the others started meanwhile (a test file that starts three nodes after
 * an install) wait for it instead of each spending seconds of CPU on the same bundle. The lock file names its
 * holder: a holder that died leaves a lock the next waiter takes over at once.
 */
async function builderLock(target) {
  mkdirSync(DIST, { recursive: true });
  const lock = `${target}.lock`;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    if (existsSync(target)) return () => {};
    if (!holderAlive(lock)) rmSync(lock, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function holderAlive(lock) {
  let pid;
  try {
    pid = Number(readFileSync(lock, "utf8"));
  } catch {
    return true; // just created, pid not written yet (or just released): look again
  }
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

async function bundle(target, name, specifiers, external) {
  const { build: esbuild } = await import("esbuild");
  const work = join(DIST, `.${name}.${process.pid}.tmp`);
  const entries = join(work, "entries");
  const out = join(work, "out");
  mkdirSync(entries, { recursive: true });
  try {
    const names = await exportNames([...specifiers]);
    const entryPoints = {};
    for (const specifier of specifiers) {
      const file = join(entries, moduleFile(specifier).replace(/\.js$/, ".mjs"));
      writeFileSync(file, entrySource(specifier, names[specifier]));
      entryPoints[moduleFile(specifier).replace(/\.js$/, "")] = file;
    }
    await esbuild({
      entryPoints,
      outdir: out,
      bundle: true,
      splitting: true,
      chunkNames: "chunk-[hash]",
      platform: "node",
      format: "esm",
      target: "node20",
      // Less text for V8 to scan at every start; names are kept (no renaming), so `fn.name` and stacks read as before.
      minifyWhitespace: true,
      minifySyntax: true,
      external: [...external, ...UNBUNDLED, ...NEVER_AT_START],
      // CommonJS code bundled into ES modules still calls require() for Node's built-in modules.
      banner: { js: 'import { createRequire as __vendorRequire } from "node:module"; const require = __vendorRequire(import.meta.url);' },
      nodePaths: [join(ROOT, "node_modules")],
      logLevel: "error",
      plugins: [lazyBuiltins],
    });
    try {
      renameSync(out, target);
    } catch (error) {
      // Another start built the same directory first: it is identical, keep it.
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Earlier vendor directories go once they are an hour old: a process that read an older dist/essd.js a moment ago
 * may still be loading its vendor modules, and every other start uses the new one.
 */
function removeOldVendors(current) {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of readdirSync(DIST)) {
    if (!entry.startsWith("vendor-") || entry === current) continue;
    const path = join(DIST, entry);
    if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}
