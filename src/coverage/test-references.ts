/**
 * Which tests call which action, found by reading the test files (no test is run).
 *
 * A test is one `it(…)` or `test(…)` call in a `*.test.ts` file under `src/` or `test/` (hooks such as `before`
 * are not tests). A test calls action N when its own code contains a method call `.N(…)` (an official SDK client's
 * method) or a string literal that is exactly `"N"` (an Action given by name: `client.request("N", …)`, a signed
 * request, an `X-TC-Action` header) — directly, or inside a function or constant of the same file that the test
 * names, followed transitively (names are matched within the file, ignoring scopes). An action two services share
 * is counted once for both.
 *
 * Development only (the TypeScript compiler parses the files): scripts/coverage-doc.ts commits the counts to
 * test-counts.json, which the coverage map reads at run time, and coverage-doc.test.ts fails when they are stale.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface SourceFile {
  /** Relative to the repository, with `/`. */
  path: string;
  text: string;
}

/** The number of tests calling each action, and of the files they are in. */
export type TestCounts = ReadonlyMap<string, { tests: number; files: number }>;

/** Every `*.test.ts` under `src/` and `test/` of `root`, in path order. */
export function readTestFiles(root = REPOSITORY_ROOT): SourceFile[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".test.ts")) found.push(path);
    }
  };
  for (const top of ["src", "test"]) if (existsSync(join(root, top))) walk(join(root, top));
  return found.sort().map((path) => ({ path: relative(root, path).split("\\").join("/"), text: readFileSync(path, "utf8") }));
}

/** Counts, per action name, the tests calling it (names no test calls are absent). */
export function countTestsCalling(actionNames: Iterable<string>, files: SourceFile[] = readTestFiles()): TestCounts {
  const names = new Set(actionNames);
  const counts = new Map<string, { tests: number; files: number }>();
  for (const file of files) {
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const declarations = declarationsByName(source);
    const inFile = new Set<string>();
    const visitTests = (node: ts.Node): void => {
      if (isTestCall(node)) {
        const called = actionsReached(node, names, declarations);
        for (const name of called) {
          const entry = counts.get(name) ?? { tests: 0, files: 0 };
          entry.tests++;
          if (!inFile.has(name)) {
            inFile.add(name);
            entry.files++;
          }
          counts.set(name, entry);
        }
        return;
      }
      ts.forEachChild(node, visitTests);
    };
    visitTests(source);
  }
  return counts;
}

/** `it(…)`, `test(…)` and their `.only`/`.skip`/`.todo` forms. */
const isTestCall = (node: ts.Node): node is ts.CallExpression => isCallOf(node, "it", "test");

/**
 * Functions and constants of the file by name: those declared at its top level or directly in a `describe` block,
 * the ones tests share. A test's or hook's own locals are not shared (two tests' `const res` are unrelated).
 */
function declarationsByName(source: ts.SourceFile): Map<string, ts.Node[]> {
  const byName = new Map<string, ts.Node[]>();
  const add = (name: string, node: ts.Node) => byName.set(name, [...(byName.get(name) ?? []), node]);
  const visitStatements = (statements: Iterable<ts.Statement>): void => {
    for (const statement of statements) {
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) add(statement.name.text, statement);
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) add(d.name.text, d.initializer);
      } else if (ts.isExpressionStatement(statement) && isCallOf(statement.expression, "describe")) {
        for (const argument of (statement.expression as ts.CallExpression).arguments) {
          if ((ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) && ts.isBlock(argument.body)) visitStatements(argument.body.statements);
        }
      }
    }
  };
  visitStatements(source.statements);
  return byName;
}

/** `name(…)` or `name.only(…)` and the like. */
function isCallOf(node: ts.Node, ...names: string[]): boolean {
  if (!ts.isCallExpression(node)) return false;
  let callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  return ts.isIdentifier(callee) && names.includes(callee.text);
}

function actionsReached(start: ts.Node, names: ReadonlySet<string>, declarations: Map<string, ts.Node[]>): Set<string> {
  const reached = new Set<string>();
  const followed = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text)) reached.add(node.text);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && names.has(node.expression.name.text)) reached.add(node.expression.name.text);
    else if (ts.isIdentifier(node)) {
      for (const declaration of declarations.get(node.text) ?? []) {
        if (followed.has(declaration)) continue;
        followed.add(declaration);
        visit(declaration);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(start);
  return reached;
}
