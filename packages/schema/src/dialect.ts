/**
 * Which JSON Schema dialect a schema is read as: the one rule `schema check`, `lint`, `schema
 * fix` and `types` share. `$schema` chooses draft 2020-12, 2019-09 or draft-07; without it, draft
 * 2020-12 (the dialect of the API's structured outputs); any other value is checked as 2020-12
 * and reported (`schema/unknown-dialect`), and `types` refuses to generate from it.
 */
export type Dialect = "2020-12" | "2019-09" | "draft-07";

export interface DialectInfo {
  /** The dialect the file is checked as. */
  dialect: Dialect;
  /** The root's `$schema`, if any. */
  declared: string | undefined;
  /** `false` when `$schema` names something else (checked as 2020-12 then). */
  recognized: boolean;
}

const DIALECTS: readonly [RegExp, Dialect][] = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, "2020-12"],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, "2019-09"],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, "draft-07"],
];

export function dialectOf(root: unknown): DialectInfo {
  const declared =
    root !== null &&
    typeof root === "object" &&
    !Array.isArray(root) &&
    typeof (root as { $schema?: unknown }).$schema === "string"
      ? ((root as { $schema: string }).$schema as string)
      : undefined;
  if (declared === undefined) return { dialect: "2020-12", declared, recognized: true };
  for (const [pattern, dialect] of DIALECTS)
    if (pattern.test(declared)) return { dialect, declared, recognized: true };
  return { dialect: "2020-12", declared, recognized: false };
}
