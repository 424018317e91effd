/**
 * How the pinned Codex (0.169.0) loads a SKILL.md, step by step, as measured against the
 * binary (conformance/skills). The lint rules report each step; this module decides.
 *
 * Codex reads the file as UTF-8, splits the frontmatter, and deserializes it with serde_yaml
 * into `{ name, description, metadata: { short-description } }`. When deserializing fails for
 * any reason (YAML syntax, a mistyped or duplicate field, a non-mapping root), it rewrites
 * the frontmatter with single-line values quoted and tries once more; if that fails too, the
 * first error is the reason. Then it checks the description and the name's length.
 */
import {
  type FrontmatterProblem,
  type FrontmatterSplit,
  isFrontmatterProblem,
  splitFrontmatter,
} from "./frontmatter.js";
import type { FileProblem } from "./read-file.js";
import type { DecodedText } from "./text.js";
import { collapseWhitespace, scalarLength } from "./whitespace.js";
import { type FrontmatterField, type ParsedYaml, parseFrontmatterYaml } from "./yaml.js";
import { quoteSingleLineValues } from "./yaml-retry.js";

export const CODEX_NAME_MAX_LENGTH = 64;
export const CODEX_DESCRIPTION_LISTED_LENGTH = 1024;

/**
 * Rust's `io::Error` text for an operating-system error, as the pinned Codex prints it: the
 * binary is linked with musl, so its words are musl's (`Symbolic link loop`, not glibc's `Too
 * many levels of symbolic links`). Measured: ENOENT, ENOTDIR and EISDIR for `--output-schema`
 * (conformance/schema), EACCES and ELOOP for a project `.codex/config.toml`
 * (conformance/config); ENAMETOOLONG and EPERM are musl's table.
 */
const CODEX_OS_ERRORS: Record<string, string> = {
  EPERM: "Operation not permitted (os error 1)",
  ENOENT: "No such file or directory (os error 2)",
  EACCES: "Permission denied (os error 13)",
  ENOTDIR: "Not a directory (os error 20)",
  EISDIR: "Is a directory (os error 21)",
  ENAMETOOLONG: "Filename too long (os error 36)",
  ELOOP: "Symbolic link loop (os error 40)",
};

/**
 * What Codex prints for a path it fails to read the way `problem` says (`Permission denied
 * (os error 13)`), or undefined when the problem is no operating-system error of a read (a
 * FIFO, a device, a size) or one we do not know the words of.
 */
export function codexIoError(problem: Pick<FileProblem, "kind" | "code">): string | undefined {
  if (problem.kind === "missing") return CODEX_OS_ERRORS.ENOENT;
  if (problem.kind === "directory") return CODEX_OS_ERRORS.EISDIR;
  return problem.code === undefined ? undefined : CODEX_OS_ERRORS[problem.code];
}

/** Where Codex stopped, in the order it checks. */
export type CodexRefusal =
  /**
   * Not Codex's answer: ops-skill did not read the file (larger than its size cap), so what
   * Codex makes of it is not known. No `codex/` rule reports it.
   */
  | { step: "not-read"; reason: string }
  | { step: "read"; reason: string }
  | { step: "utf8"; reason: string }
  | { step: "delimiters"; reason: string; problem: FrontmatterProblem }
  | { step: "yaml"; reason: string; offset: number }
  | { step: "root-type"; reason: string }
  | { step: "duplicate-field"; reason: string; field: FrontmatterField }
  | { step: "field-type"; reason: string; field: FrontmatterField }
  | { step: "description-missing"; reason: string; field: FrontmatterField | undefined }
  | { step: "name-length"; reason: string; field: FrontmatterField | undefined };

/** A refusal of the deserializing step (the ones the retry gets a second chance at). */
type DeserializeRefusal = Extract<
  CodexRefusal,
  { step: "yaml" | "root-type" | "duplicate-field" | "field-type" }
>;

export interface CodexListing {
  /** The name Codex lists and invokes the skill by (with a plugin's `<plugin>:` prefix). */
  name: string;
  /** The plugin the skill belongs to, when a plugin manifest above it names one. */
  namespace?: string;
  nameFromDirectory: boolean;
  /** The description, whitespace collapsed (Codex keeps all of it). */
  description: string;
  /** The description as the model's list shows it: over 1024 characters, 1021 + `...`. */
  listedDescription: string;
}

export interface CodexFrontmatter {
  split: FrontmatterSplit | FrontmatterProblem;
  /** The first parse, exactly as Codex tries it. */
  firstParse: ParsedYaml | undefined;
  /** The retry with single-line values quoted, when the first attempt failed. */
  retryParse: ParsedYaml | undefined;
  /** Fields of whichever parse was used (offsets into that parse's YAML text). */
  fields: FrontmatterField[];
  /** The YAML text that was used (the retry rewrites it). */
  parsedYaml: string | undefined;
}

export type CodexLoadResult =
  | ({ status: "loaded"; listing: CodexListing } & CodexFrontmatter)
  | ({ status: "refused"; refusal: CodexRefusal } & Partial<CodexFrontmatter>);

/** The fields of Codex's `SkillFrontmatter`; other keys are ignored. */
const KNOWN_FIELDS = new Set(["name", "description", "metadata"]);

export function codexLoad(
  decoded: DecodedText,
  directoryName: string,
  readError?: string,
): CodexLoadResult {
  if (readError !== undefined)
    return {
      status: "refused",
      refusal: { step: "read", reason: `failed to read file: ${readError}` },
    };
  if (decoded.invalidUtf8) {
    return {
      status: "refused",
      refusal: { step: "utf8", reason: `failed to read file: ${decoded.invalidUtf8.message}` },
    };
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
  const firstRefusal = deserialize(firstParse, split.yaml);
  let parsed = firstParse;
  let parsedYaml = split.yaml;
  let retryParse: ParsedYaml | undefined;
  if (firstRefusal) {
    const retryText = quoteSingleLineValues(split.yaml);
    retryParse = retryText === split.yaml ? firstParse : parseFrontmatterYaml(retryText);
    if (retryText === split.yaml || deserialize(retryParse, retryText)) {
      return {
        status: "refused",
        split,
        firstParse,
        retryParse,
        fields: firstParse.fields,
        parsedYaml: split.yaml,
        refusal: firstRefusal,
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

  const fieldNamed = (key: string) => parsed.fields.find((f) => f.key === key);
  const descriptionField = fieldNamed("description");
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
  const nameField = fieldNamed("name");
  const writtenName = collapseWhitespace(nameField?.text ?? "");
  const nameFromDirectory = writtenName === "";
  // The directory-name fallback is collapsed and length-checked like a written name.
  const name = nameFromDirectory ? collapseWhitespace(directoryName) : writtenName;
  if (scalarLength(name) > CODEX_NAME_MAX_LENGTH) {
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
  return {
    status: "loaded",
    ...base,
    listing: {
      name,
      nameFromDirectory,
      description,
      listedDescription: truncateForListing(description),
    },
  };
}

/** serde_yaml into Codex's struct: the first problem in document order, or undefined. */
function deserialize(parsed: ParsedYaml, yaml: string): DeserializeRefusal | undefined {
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return {
      step: "yaml",
      reason: `invalid YAML: ${first?.message ?? "parse error"}`,
      offset: first?.offset ?? 0,
    };
  }
  if (!parsed.rootIsMapping) {
    return {
      step: "root-type",
      reason: `invalid YAML: invalid type: ${parsed.rootType}, expected struct SkillFrontmatter`,
    };
  }
  const at = (offset: number) => {
    const before = yaml.slice(0, offset).split("\n");
    return ` at line ${before.length} column ${scalarLength(before.at(-1) ?? "") + 1}`;
  };
  const seen = new Set<string>();
  for (const field of parsed.fields) {
    if (field.keyKind !== "scalar") {
      const kind = field.keyKind === "sequence" ? "sequence" : "map";
      return {
        step: "field-type",
        reason: `invalid YAML: invalid type: ${kind}, expected field identifier${at(field.keyRange[0])}`,
        field,
      };
    }
    if (!KNOWN_FIELDS.has(field.key)) continue;
    if (seen.has(field.key))
      return {
        step: "duplicate-field",
        reason: `invalid YAML: duplicate field \`${field.key}\``,
        field,
      };
    seen.add(field.key);
    if (field.key === "metadata") {
      // An empty value loads; an explicit null (`null`, `~`) is serde's "unit value" and refuses.
      if (field.kind === "null" && !field.explicitNull) continue;
      if (field.kind !== "mapping") {
        return {
          step: "field-type",
          reason: `invalid YAML: metadata: invalid type: ${field.explicitNull ? "unit value" : field.serdeType}, expected struct SkillFrontmatterMetadata${at(field.valueErrorOffset)}`,
          field,
        };
      }
      // serde reads metadata's entries in order: the first `short-description` is type-checked,
      // a second one is a duplicate field, reported at the start of the metadata mapping.
      let short: FrontmatterField | undefined;
      for (const child of field.children ?? []) {
        if (child.key !== "short-description") continue;
        if (short)
          return {
            step: "duplicate-field",
            reason: `invalid YAML: metadata: duplicate field \`short-description\`${at(field.valueErrorOffset)}`,
            field: child,
          };
        short = child;
        if (short.kind === "sequence" || short.kind === "mapping") {
          return {
            step: "field-type",
            reason: `invalid YAML: metadata.short-description: invalid type: ${short.serdeType}, expected a string${at(short.valueErrorOffset)}`,
            field,
          };
        }
      }
    } else if (field.kind === "sequence" || field.kind === "mapping") {
      return {
        step: "field-type",
        reason: `invalid YAML: ${field.key}: invalid type: ${field.serdeType}, expected a string${at(field.valueErrorOffset)}`,
        field,
      };
    }
  }
  return undefined;
}

export function truncateForListing(description: string): string {
  // At most 1024 UTF-16 code units is at most 1024 characters: nothing to count.
  if (description.length <= CODEX_DESCRIPTION_LISTED_LENGTH) return description;
  const chars = [...description];
  if (chars.length <= CODEX_DESCRIPTION_LISTED_LENGTH) return description;
  return `${chars.slice(0, CODEX_DESCRIPTION_LISTED_LENGTH - 3).join("")}...`;
}
