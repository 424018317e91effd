#!/usr/bin/env node
// What a published package must hold, checked on the files `npm pack` would put in its tarball:
// every bare import of its JavaScript is a declared dependency, every `exports`/`main`/`types`/
// `bin` target and every file a source map names is in the tarball, and the manifest carries
// what a registry page and an installer read. `node scripts/package-check.mjs` checks every
// package of `packages/*` (build first); the packaging tests call `checkPackage`.
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "acorn";

export const REPOSITORY = "https://github.com/ops-skill/ops-skill";
export const NODE_ENGINE = ">=20.19.0";

/**
 * Every module specifier a file's code loads, as written: static imports and re-exports,
 * `import("x")`, and `require("x")` / `require.resolve("x")` where `require` is the global one
 * or any function made by `createRequire(import.meta.url)` (also written inline,
 * `createRequire(import.meta.url)("x")`, and under a minifier's names). A require of a lookup
 * table, `require(MODULES[key])` with `const MODULES = { a: "x", b: "y" }`, loads each value.
 * @param {string} code
 * @returns {string[]}
 */
export function moduleSpecifiers(code) {
  const ast = parse(code, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  const requires = new Set(["require", "__require"]);
  const tables = new Map();
  const found = new Set();
  const nodes = [];
  walk(ast, (node) => {
    nodes.push(node);
    if (node.type === "VariableDeclarator" && node.init?.type === "ObjectExpression") {
      const values = node.init.properties.map((p) => stringValue(p.value)).filter(Boolean);
      tables.set(node.id.name, [...(tables.get(node.id.name) ?? []), ...values]);
    }
    if (
      node.type === "VariableDeclarator" &&
      isRequireMaker(node.init) &&
      node.id.type === "Identifier"
    )
      requires.add(node.id.name);
    if (
      node.type === "AssignmentExpression" &&
      isRequireMaker(node.right) &&
      node.left.type === "Identifier"
    )
      requires.add(node.left.name);
  });
  for (const node of nodes) {
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "ExportNamedDeclaration":
        if (node.source) found.add(node.source.value);
        break;
      case "ImportExpression": {
        const value = stringValue(node.source);
        if (value !== undefined) found.add(value);
        break;
      }
      case "CallExpression": {
        if (!isRequire(node.callee, requires)) break;
        const [argument] = node.arguments;
        const value = stringValue(argument);
        if (value !== undefined) found.add(value);
        else if (argument?.type === "MemberExpression" && argument.object.type === "Identifier")
          for (const entry of tables.get(argument.object.name) ?? []) found.add(entry);
        break;
      }
    }
  }
  return [...found];
}

/** `createRequire(import.meta.url)`, whatever the function is called. */
function isRequireMaker(node) {
  return (
    node?.type === "CallExpression" &&
    node.arguments.length === 1 &&
    node.arguments[0].type === "MemberExpression" &&
    node.arguments[0].object.type === "MetaProperty" &&
    node.arguments[0].property.name === "url"
  );
}

function isRequire(callee, requires) {
  if (callee.type === "Identifier") return requires.has(callee.name);
  if (isRequireMaker(callee)) return true;
  return (
    callee.type === "MemberExpression" &&
    !callee.computed &&
    callee.property.name === "resolve" &&
    isRequire(callee.object, requires)
  );
}

function stringValue(node) {
  if (node?.type === "Literal" && typeof node.value === "string") return node.value;
  if (node?.type === "TemplateLiteral" && node.expressions.length === 0)
    return node.quasis[0].value.cooked;
  return undefined;
}

function walk(node, visit) {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    visit(current);
    for (const key in current) {
      const value = current[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === "string") stack.push(child);
      } else if (value && typeof value.type === "string") stack.push(value);
    }
  }
}

/**
 * The package a bare specifier names (`ajv/dist/2020.js` -> `ajv`), or undefined.
 * @param {string} specifier
 * @returns {string | undefined}
 */
export function packageOf(specifier) {
  if (/^(?:\.|\/|[a-z]+:)/.test(specifier) || specifier.startsWith("#")) return undefined;
  if (isBuiltin(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * The problems of one package, given its folder and the files its tarball holds (paths
 * relative to the folder, as `npm pack --json` lists them). Empty when it is fit to publish.
 * @param {string} dir
 * @param {readonly string[]} packedFiles
 * @returns {string[]}
 */
export function checkPackage(dir, packedFiles) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const files = new Set(packedFiles.map((f) => posix.normalize(f)));
  const problems = [];
  const say = (text) => problems.push(`${manifest.name}: ${text}`);

  checkManifest(manifest, dir, say);
  for (const file of ["package.json", "README.md", "LICENSE"])
    if (!files.has(file)) say(`${file} is not in the tarball`);

  for (const [where, target] of manifestTargets(manifest)) {
    if (!files.has(posix.normalize(target)))
      say(`${where} points at ${target}, which is not in the tarball`);
    else if (
      where.startsWith("bin.") &&
      !readFileSync(join(dir, target), "utf8").startsWith("#!/usr/bin/env node\n")
    )
      say(`${where} (${target}) does not start with #!/usr/bin/env node`);
  }

  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  for (const file of files) {
    // create-ops-skill's templates are files it copies into the user's repository (whose own
    // package.json declares what they load), never code the package runs.
    if (manifest.name === "create-ops-skill" && file.startsWith("templates/")) continue;
    if (/\.(?:m|c)?js$/.test(file)) {
      const code = readFileSync(join(dir, file), "utf8");
      for (const specifier of moduleSpecifiers(code)) {
        const name = packageOf(specifier);
        if (name !== undefined && !declared.has(name))
          say(`${file} loads "${specifier}" but ${name} is not a dependency`);
      }
      checkSourceMapLink(code, file, files, dir, say);
    }
  }
  return problems;
}

function checkManifest(manifest, dir, say) {
  const folder = posix.join("packages", dir.split(/[\\/]/).at(-1));
  if (manifest.version !== undefined && !/^\d+\.\d+\.\d+/.test(manifest.version))
    say(`version ${manifest.version} is not semver`);
  if (manifest.license !== "MIT") say(`license is ${manifest.license}, not MIT`);
  if (manifest.engines?.node !== NODE_ENGINE) say(`engines.node is not "${NODE_ENGINE}"`);
  if (manifest.type !== "module") say(`type is not "module"`);
  if (!Array.isArray(manifest.files)) say("no files list: the tarball would hold everything");
  const repo = manifest.repository;
  if (repo?.type !== "git" || repo.url !== `git+${REPOSITORY}.git` || repo.directory !== folder)
    say(`repository is not { type: git, url: git+${REPOSITORY}.git, directory: ${folder} }`);
  if (typeof manifest.homepage !== "string" || !manifest.homepage.startsWith(REPOSITORY))
    say(`homepage is not on ${REPOSITORY}`);
  if (manifest.bugs?.url !== `${REPOSITORY}/issues`) say(`bugs.url is not ${REPOSITORY}/issues`);
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) say("no keywords");
  if (typeof manifest.description !== "string" || manifest.description.length === 0)
    say("no description");
  if (manifest.name.startsWith("@") && manifest.publishConfig?.access !== "public")
    say('a scoped package needs publishConfig.access "public"');
}

/** Every file the manifest names: main, types, bin, and each `exports` condition's target. */
function manifestTargets(manifest) {
  const targets = [];
  for (const key of ["main", "types", "module"])
    if (typeof manifest[key] === "string") targets.push([key, manifest[key]]);
  const bin = typeof manifest.bin === "string" ? { [manifest.name]: manifest.bin } : manifest.bin;
  for (const [name, target] of Object.entries(bin ?? {})) targets.push([`bin.${name}`, target]);
  const visit = (value, where) => {
    if (typeof value === "string") {
      if (!value.includes("*")) targets.push([where, value]);
    } else if (value && typeof value === "object")
      for (const [key, inner] of Object.entries(value)) visit(inner, `${where}[${key}]`);
  };
  visit(manifest.exports, "exports");
  return targets;
}

/** A `sourceMappingURL` must name a packed map whose sources are packed or inlined. */
function checkSourceMapLink(code, file, files, dir, say) {
  const link = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  if (link === undefined || link.startsWith("data:")) return;
  const mapFile = posix.normalize(posix.join(posix.dirname(file), link));
  if (!files.has(mapFile)) {
    say(`${file} links the source map ${mapFile}, which is not in the tarball`);
    return;
  }
  const map = JSON.parse(readFileSync(join(dir, mapFile), "utf8"));
  const base = posix.join(posix.dirname(mapFile), map.sourceRoot ?? "");
  map.sources.forEach((source, i) => {
    if (typeof map.sourcesContent?.[i] === "string") return;
    const target = posix.normalize(posix.join(base, source));
    if (!files.has(target))
      say(`${mapFile} names the source ${source}, which is not in the tarball (nor inlined)`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { packAll } = await import("./pack.mjs");
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const packs = await packAll(root, { dryRun: true });
  const problems = packs.flatMap((pack) => checkPackage(pack.dir, pack.files));
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.stdout.write(
    problems.length === 0
      ? `${packs.length} packages fit to publish: ${packs.map((p) => p.name).join(", ")}\n`
      : "",
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
