/** What a schema's outputs are called: `disk-report.schema.json` gives `disk-report`. */
export function schemaBaseName(fileName: string): string {
  if (fileName.endsWith(".schema.json")) return fileName.slice(0, -".schema.json".length);
  if (fileName.endsWith(".json")) return fileName.slice(0, -".json".length);
  return fileName;
}

/** Names we accept: a letter, then letters, digits and single `-`, `_` or `.` separators. */
const NAME = /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;

/** Why `name` cannot name generated files and types, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!NAME.test(name))
    return `the name "${name}" (from the file name) must start with a letter and have only letters, digits and single "-", "_" or "." between them, so that it can name a TypeScript type`;
  if (name.endsWith(".validate"))
    return `the name "${name}" ends with ".validate", which the generated validator files of "${name.slice(0, -".validate".length)}" use`;
  return undefined;
}

/**
 * `disk-report` gives `DiskReport`; `k8s_health.v2` gives `K8SHealthV2`: each part capitalised
 * and a letter after a digit upper-cased, which is what json-schema-to-typescript's
 * `toSafeString` makes of the name (it would rename anything else).
 */
export function pascalName(name: string): string {
  return name
    .split(/[-_.]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("")
    .replace(/(?<=\d)[a-z]/g, (letter) => letter.toUpperCase());
}

/** The four files of one schema's outputs, in the order they are listed. */
export function outputNames(name: string): string[] {
  return [`${name}.d.ts`, `${name}.js`, `${name}.validate.d.ts`, `${name}.validate.js`];
}
