/**
 * The schema's types without loading the code generator, when the package was built with them:
 * the template's default scaffold (same file name, same bytes) as built, or, for a skill of
 * another name, those files with the name changed. A scaffold's schema differs from the
 * template's only by the skill's name (substitute.ts), and the generator's output depends on the
 * schema and its file name alone, so the outputs differ by the name only: in kebab case where
 * the schema and the file names hold it, and in Pascal case in the type and function names
 * (`DriftCheck`, `parseDriftCheck`). Anything that would make that untrue (a type name the new
 * one could clash with, a path in the schema) sends the caller to the generator instead; a test
 * compares the result with a fresh generation for every template. Pure.
 */
import { createHash } from "node:crypto";
import type { Template } from "./templates.js";

export type Types = { ok: true; files: Map<string, string> };

interface Manifest {
  generator: string;
  schemas: Record<string, { name: string; sha256: string; outputs: Record<string, number> }>;
  shared: Record<string, number>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function manifestOf(template: Template): Manifest | undefined {
  try {
    return JSON.parse(template.types?.get(".manifest.json") ?? "") as Manifest;
  } catch {
    return undefined;
  }
}

/** The types the package was built with for this very schema (same file name, same bytes). */
export function cachedTypes(
  template: Template,
  schemaFile: string,
  bytes: Uint8Array,
): Types | undefined {
  const record = manifestOf(template)?.schemas[`../${schemaFile}`];
  return record?.sha256 === sha256(bytes) && template.types !== undefined
    ? { ok: true, files: template.types }
    : undefined;
}

/**
 * A skill name's type name, as the generator makes it of the schema's file name (each part
 * capitalised, a letter after a digit upper-cased): `k8s-health` gives `K8SHealth`.
 */
export function pascalOf(name: string): string {
  return name
    .split("-")
    .map((part) => (part[0] ?? "").toUpperCase() + part.slice(1))
    .join("")
    .replace(/(?<=\d)[a-z]/g, (letter) => letter.toUpperCase());
}

const NAME_CHAR = "A-Za-z0-9_";

/**
 * The types of the template's default scaffold (built in `.agents/skills/<from>`) with the
 * skill's name changed from `from` to `to` (both skill names), for a schema of `bytes` and a
 * skill in `skillPath` (from the repository root); undefined when that cannot be sure.
 */
export function renamedTypes(
  template: Template,
  from: string,
  to: string,
  skillPath: string,
  bytes: Uint8Array,
): Types | undefined {
  const manifest = manifestOf(template);
  const record = manifest?.schemas[`../${from}.schema.json`];
  if (manifest === undefined || record === undefined || template.types === undefined)
    return undefined;
  const fromType = pascalOf(from);
  const toType = pascalOf(to);
  // The skill's folder named in the schema (its descriptions) moves with --dir: the default
  // folder only, where it holds nothing but the name.
  const builtIn = `.agents/skills/${from}`;
  const texts = [...template.types.values()].map((text) =>
    skillPath === `.agents/skills/${to}` ? text.replaceAll(builtIn, "") : text,
  );
  // The new names must be new to the files (no type or word they could clash with), and the
  // old ones nothing but the name (no other path).
  const clash = new RegExp(`${toType}|(?<![${NAME_CHAR}])${to}(?![${NAME_CHAR}])|skills/|schemas/`);
  if (texts.some((text) => clash.test(text))) return undefined;
  const pattern = new RegExp(
    `(?<![${NAME_CHAR}])${from}(?![${NAME_CHAR}])|${fromType}(?![a-z0-9])`,
    "g",
  );
  const rename = (text: string) => text.replace(pattern, (match) => (match === from ? to : toType));
  const files = new Map<string, string>();
  const outputs: Record<string, number> = {};
  for (const [file, text] of template.types) {
    if (file === ".manifest.json") continue;
    const own = file.startsWith(`${from}.`);
    const renamed = own ? rename(text) : text;
    const name = own ? `${to}${file.slice(from.length)}` : file;
    files.set(name, renamed);
    if (own) outputs[name] = Buffer.byteLength(renamed);
  }
  const fresh: Manifest = {
    generator: manifest.generator,
    schemas: {
      [`../${to}.schema.json`]: {
        ...record,
        name: to,
        sha256: sha256(bytes),
        outputs: Object.fromEntries(
          Object.keys(record.outputs).map((file) => {
            const name = `${to}${file.slice(from.length)}`;
            return [name, outputs[name] as number];
          }),
        ),
      },
    },
    shared: manifest.shared,
  };
  files.set(".manifest.json", `${JSON.stringify(fresh, null, 2)}\n`);
  return { ok: true, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))) };
}
