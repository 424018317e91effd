/**
 * How the pinned Codex (0.169.0) loads a SKILL.md, step by step, as measured against the
 * binary (see conformance/skills). The lint rules report each step; this module decides.
 */

import {
  type FrontmatterProblem,
  type FrontmatterSplit,
  isFrontmatterProblem,
  splitFrontmatter,
} from "./frontmatter.js";
import type { DecodedText } from "./text.js";
import { collapseWhitespace, scalarLength } from "./whitespace.js";
import { type FrontmatterField, type ParsedYaml, parseFrontmatterYaml } from "./yaml.js";
import { quoteSingleLineValues } from "./yaml-retry.js";

export const CODEX_NAME_MAX_LENGTH = 64;
export const CODEX_DESCRIPTION_LISTED_LENGTH = 1024;

/** Where Codex stopped, in the order it checks. */
export type CodexRefusal =
  | { step: "read"; reason: string }
  | { step: "utf8"; reason: string }
  | { step: "delimiters"; reason: string; problem: FrontmatterProblem }
  | { step: "yaml"; reason: string; offset: number }
  | { step: "duplicate-field"; reason: string; field: FrontmatterField }
  | { step: "field-type"; reason: string; field: FrontmatterField }
  | { step: "root-type"; reason: string }
  | { step: "description-missing"; reason: string; field: FrontmatterField | undefined }
  | { step: "name-length"; reason: string; field: FrontmatterField };

export interface CodexListing {
  /** The name Codex lists and invokes the skill by. */
  name: string;
  nameFromDirectory: boolean;
  /** The description as collapsed (before the listing's per-skill 1024 cut). */
  description: string;
  /** The description line as listed: over 1024 characters it is cut to 1021 + `...`. */
  listedDescription: string;
}

export interface CodexFrontmatter {
  split: FrontmatterSplit | FrontmatterProblem;
  /** The first parse, exactly as Codex tries it. */
  firstParse: ParsedYaml | undefined;
  /** The retry with single-line values quoted, when the first parse failed. */
  retryParse: ParsedYaml | undefined;
  /** Fields of whichever parse succeeded (offsets into that parse's YAML text). */
  fields: FrontmatterField[];
  /** The YAML text the successful parse read (the retry rewrites it). */
  parsedYaml: string | undefined;
}

export type CodexLoadResult =
  | ({ status: "loaded"; listing: CodexListing } & CodexFrontmatter)
  | ({ status: "refused"; refusal: CodexRefusal } & Partial<CodexFrontmatter>);

const STRING_FIELDS = ["name", "description"] as const;

export function codexLoad(
  decoded: DecodedText,
  directoryName: string,
  readError?: string,
): CodexLoadResult {
  if (readError !== undefined)
    return refused({ step: "read", reason: `failed to read file: ${readError}` });
  if (decoded.invalidUtf8) {
    return refused({ step: "utf8", reason: `failed to read file: ${decoded.invalidUtf8.message}` });
  }
  const split = splitFrontmatter(decoded.text);
  if (isFrontmatterProblem(split)) {
    return {
      status: "refused",
      split,
      refusal: {
        step: "delimiters",
        reason: "missing YAML frontmatter delimited by ---",
        problem: split,
      },
    };
  }
  const firstParse = parseFrontmatterYaml(split.yaml);
  let retryParse: ParsedYaml | undefined;
  let parsed = firstParse;
  let parsedYaml = split.yaml;
  if (!firstParse.ok) {
    const retryText = quoteSingleLineValues(split.yaml);
    retryParse = retryText === split.yaml ? firstParse : parseFrontmatterYaml(retryText);
    if (!retryParse.ok) {
      const first = firstParse.problems[0];
      return {
        status: "refused",
        split,
        firstParse,
        retryParse,
        refusal: {
          step: "yaml",
          reason: `invalid YAML: ${first?.message ?? "parse error"}`,
          offset: first?.offset ?? 0,
        },
      };
    }
    parsed = retryParse;
    parsedYaml = retryText;
  }
  const base: CodexFrontmatter = {
    split,
    firstParse,
    retryParse,
    fields: parsed.fields,
    parsedYaml,
  };
  if (!parsed.rootIsMapping) {
    return {
      status: "refused",
      ...base,
      refusal: { step: "root-type", reason: "invalid YAML: frontmatter is not a mapping" },
    };
  }
  const seen = new Map<string, FrontmatterField>();
  for (const field of parsed.fields) {
    if (!(STRING_FIELDS as readonly string[]).includes(field.key)) continue;
    if (seen.has(field.key)) {
      return {
        status: "refused",
        ...base,
        refusal: {
          step: "duplicate-field",
          reason: `invalid YAML: duplicate field \`${field.key}\``,
          field,
        },
      };
    }
    seen.set(field.key, field);
  }
  for (const field of parsed.fields) {
    const checked = (STRING_FIELDS as readonly string[]).includes(field.key);
    if (!checked) continue;
    if (field.kind === "sequence" || field.kind === "mapping") {
      return {
        status: "refused",
        ...base,
        refusal: {
          step: "field-type",
          reason: `invalid YAML: invalid type: ${field.kind === "sequence" ? "sequence" : "map"}, expected a string`,
          field,
        },
      };
    }
  }
  const metadata = parsed.fields.find((f) => f.key === "metadata");
  const shortDescription =
    metadata?.kind === "mapping"
      ? (metadata.value as Record<string, unknown>)["short-description"]
      : undefined;
  if (metadata && shortDescription !== null && typeof shortDescription === "object") {
    return {
      status: "refused",
      ...base,
      refusal: {
        step: "field-type",
        reason: `invalid YAML: metadata.short-description: invalid type: ${Array.isArray(shortDescription) ? "sequence" : "map"}, expected a string`,
        field: metadata,
      },
    };
  }
  const descriptionField = seen.get("description");
  const description = collapseWhitespace(descriptionField?.text ?? "");
  if (description === "") {
    return {
      status: "refused",
      ...base,
      refusal: {
        step: "description-missing",
        reason: "missing field `description`",
        field: descriptionField,
      },
    };
  }
  const nameField = seen.get("name");
  const collapsedName = collapseWhitespace(nameField?.text ?? "");
  if (nameField && scalarLength(collapsedName) > CODEX_NAME_MAX_LENGTH) {
    return {
      status: "refused",
      ...base,
      refusal: {
        step: "name-length",
        reason: "invalid name: exceeds maximum length of 64 characters",
        field: nameField,
      },
    };
  }
  const nameFromDirectory = collapsedName === "";
  return {
    status: "loaded",
    ...base,
    listing: {
      name: nameFromDirectory ? directoryName : collapsedName,
      nameFromDirectory,
      description,
      listedDescription: truncateForListing(description),
    },
  };
}

export function truncateForListing(description: string): string {
  const chars = [...description];
  if (chars.length <= CODEX_DESCRIPTION_LISTED_LENGTH) return description;
  return `${chars.slice(0, CODEX_DESCRIPTION_LISTED_LENGTH - 3).join("")}...`;
}

function refused(refusal: CodexRefusal): CodexLoadResult {
  return { status: "refused", refusal };
}
