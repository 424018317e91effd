import { createHash } from "node:crypto";
import { createRequire } from "node:module";

/**
 * Bump when the generated files change for the same schema and toolchain, so that every cache
 * (`.manifest.json`) is invalidated.
 */
export const CODEGEN_VERSION = 1;

export const MANIFEST_FILE = ".manifest.json";

export interface SchemaRecord {
  name: string;
  /** sha256 of the schema file's bytes. */
  sha256: string;
  /** Packages its generated files import. */
  packages: string[];
  /** Size in bytes of each generated file: a warm run checks that each is there with it. */
  outputs: Record<string, number>;
}

/** `<out>/.manifest.json`: what was generated from what, by which generator and toolchain. */
export interface Manifest {
  generator: string;
  /** By schema path relative to the output directory. */
  schemas: Record<string, SchemaRecord>;
  /** Files every schema's outputs share (`_runtime.js`, `_runtime.d.ts`), with their sizes. */
  shared: Record<string, number>;
}

export const sha256 = (data: string | Uint8Array): string =>
  createHash("sha256").update(data).digest("hex");

export const byteLength = (content: string): number => Buffer.byteLength(content);

let generatorId: string | undefined;

/**
 * The generator and the versions of what shapes its output (json-schema-to-typescript, ajv,
 * ajv-formats): an upgrade of any of them regenerates everything. Reads three package.json
 * files; loads none of the packages.
 */
export function generatorVersion(): string {
  if (generatorId === undefined) {
    const require = createRequire(import.meta.url);
    const version = (pkg: string) =>
      (require(`${pkg}/package.json`) as { version: string }).version;
    generatorId = [
      `@ops-skill/schema codegen ${CODEGEN_VERSION}`,
      ...["json-schema-to-typescript", "ajv", "ajv-formats"].map((p) => `${p} ${version(p)}`),
    ].join("; ");
  }
  return generatorId;
}

/** The manifest as it is written: keys sorted, two-space JSON, a final newline. */
export function serializeManifest(manifest: Manifest): string {
  const sorted = <T>(object: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((k) => [k, object[k] as T]),
    );
  const schemas = sorted(
    Object.fromEntries(
      Object.entries(manifest.schemas).map(([k, v]) => [
        k,
        { name: v.name, sha256: v.sha256, packages: v.packages, outputs: sorted(v.outputs) },
      ]),
    ),
  );
  return `${JSON.stringify({ generator: manifest.generator, schemas, shared: sorted(manifest.shared) }, null, 2)}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isSizes = (value: unknown): value is Record<string, number> =>
  isRecord(value) && Object.values(value).every((n) => typeof n === "number");

const isSchemaRecord = (value: unknown): value is SchemaRecord =>
  isRecord(value) &&
  typeof value.name === "string" &&
  typeof value.sha256 === "string" &&
  Array.isArray(value.packages) &&
  value.packages.every((p) => typeof p === "string") &&
  isSizes(value.outputs);

/** The manifest from its text, or undefined when it is not one (then nothing is cached). */
export function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !isRecord(value) ||
    typeof value.generator !== "string" ||
    !isRecord(value.schemas) ||
    !Object.values(value.schemas).every(isSchemaRecord) ||
    !isSizes(value.shared)
  )
    return undefined;
  return value as unknown as Manifest;
}
