/**
 * Whether a JSON file given to `ops-skill lint` is a JSON Schema, from its root alone. Cheap
 * (one `JSON.parse`) so that the lint engine can ask before loading the schema checks.
 */

const SCHEMA_TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

/**
 * Why the text reads as a JSON Schema, or undefined when it does not: a root object with
 * `$schema` naming a json-schema.org dialect, a `type` that is a JSON Schema type name (or a
 * list of them), or a `properties` object. A `$schema` pointing anywhere else is how a config
 * file names *its* schema (`biome.json`, `turbo.json`), and `"type": "module"` is a
 * `package.json`: neither makes the file a schema.
 */
export function sniffJsonSchema(text: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return sniffBrokenJson(text);
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) return undefined;
  const object = root as Record<string, unknown>;
  const dialect = object.$schema;
  if (typeof dialect === "string" && isJsonSchemaDialect(dialect))
    return `"$schema" is the JSON Schema dialect ${dialect}`;
  const type = object.type;
  if (typeof type === "string" && SCHEMA_TYPES.has(type)) return `"type": "${type}" at the root`;
  if (
    Array.isArray(type) &&
    type.length > 0 &&
    type.every((t) => typeof t === "string" && SCHEMA_TYPES.has(t))
  )
    return '"type" at the root is a list of JSON Schema types';
  const properties = object.properties;
  if (properties !== null && typeof properties === "object" && !Array.isArray(properties))
    return '"properties" at the root';
  return undefined;
}

/** `http(s)://json-schema.org/...`: the dialects JSON Schema itself publishes. */
function isJsonSchemaDialect(uri: string): boolean {
  return /^https?:\/\/json-schema\.org\//.test(uri);
}

/**
 * A file that is not valid JSON is a schema with a syntax error when it still starts like one:
 * an object whose first key is `$schema`, `type` or `properties`.
 */
function sniffBrokenJson(text: string): string | undefined {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== "{") return undefined;
  i++;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  for (const key of ['"$schema"', '"type"', '"properties"'])
    if (text.startsWith(key, i))
      return `not valid JSON, but an object whose first key is ${key}, as in a JSON Schema`;
  return undefined;
}
