/**
 * OpenAI structured-output strict-mode rules, as one versioned table. Codex sends the
 * `--output-schema` file verbatim with `strict: true` on every request (Codex 0.169.0,
 * `conformance/schema/`), so whatever the API's strict mode rejects fails the scheduled run.
 *
 * Every entry says where it comes from:
 * - `documented`: the current OpenAI structured outputs guide says so;
 * - `reported`: the API's own error text was seen in public reports (cited in `evidence`);
 * - `inferred`: neither; our best reading, kept visible so it can be corrected;
 * - `uncertain`: sources disagree.
 * The numbers were raised in July 2025 (100 → 5000 properties, 5 → 10 levels, 500 → 1000 enum
 * values, 15,000 → 120,000 characters, 7,500 → 15,000 for a large enum); the old figures are still
 * widely quoted and are kept in `previous` so nobody "corrects" the table back to them.
 */
import { CODEX_VERSION } from "@ops-skill/codex/version";

export type Provenance = "documented" | "reported" | "inferred" | "uncertain";

export interface LimitEntry {
  value: number;
  provenance: Provenance;
  /** What is counted, in words (the guide does not define all of it). */
  counts: string;
  /** Figures before the July 2025 raise. */
  previous?: number;
  /** The API's error text when over the limit, with `{n}` for the received figure. */
  apiMessage: string;
  apiMessageProvenance: Provenance;
  evidence: string;
}

export type KeywordStatus =
  /** In the guide's supported list. */
  | "supported"
  /** Not in the list, but reported accepted by the API (and widely sent). */
  | "accepted"
  /** The API rejects it: `'<keyword>' is not permitted.` */
  | "rejected"
  /** Sources disagree, or nobody has reported; the checker warns. */
  | "unverified";

export interface KeywordEntry {
  status: KeywordStatus;
  provenance: Provenance;
  evidence: string;
}

export const STRUCTURED_OUTPUTS_GUIDE_URL =
  "https://platform.openai.com/docs/guides/structured-outputs#supported-schemas";

export const STRICT_MODE_LIMITS = {
  /** Bump when an entry changes. */
  version: "2026-11-25",
  source: {
    title: "OpenAI API docs, Structured model outputs, section Supported schemas",
    url: STRUCTURED_OUTPUTS_GUIDE_URL,
    /** The same page under OpenAI's newer docs host. */
    mirror: "https://developers.openai.com/api/docs/guides/structured-outputs",
    /**
     * When the guide's wording was read (from a stored copy found with the search tool; its
     * limits match the text quoted verbatim elsewhere on 2026-08-23), and the revision it reflects.
     */
    readOn: "2026-11-25",
    revision: "limits raised July 2025",
  },
  /** Codex passes the schema through unchanged, so these are the API's rules for this version. */
  codexVersion: CODEX_VERSION,
  /** The `name` Codex gives the format; API errors say `response_format 'codex_output_schema'`. */
  formatName: "codex_output_schema",

  limits: {
    totalProperties: {
      value: 5000,
      previous: 100,
      provenance: "documented",
      counts:
        "entries of every `properties` object in the file, each declaration once ($ref targets are not expanded)",
      apiMessage: "{n} parameters exceeds limit of 5000.",
      apiMessageProvenance: "reported",
      evidence:
        'guide: "A schema may have up to 5000 object properties total"; message recorded by a public probe ("6000 parameters exceeds limit of 5000.").',
    },
    nestingDepth: {
      value: 10,
      previous: 5,
      provenance: "documented",
      counts:
        "object levels from the root (the root object is level 1; an array adds none, its item object does; $ref targets are followed once, a reference cycle adds nothing) -- this convention is a public boundary probe's (depth 10 accepted, 11 rejected), not the guide's",
      apiMessage: "{n} levels of nesting exceeds limit of 10.",
      apiMessageProvenance: "reported",
      evidence:
        'guide: "with up to 10 levels of nesting"; message: "11 levels of nesting exceeds limit of 10." (several public reports; tidyverse/ellmer#671 quotes the older "6 levels of nesting exceeds limit of 5.").',
    },
    totalEnumValues: {
      value: 1000,
      previous: 500,
      provenance: "documented",
      counts:
        "values of every `enum` array in the file, summed (a `null` added for nullability counts)",
      apiMessage:
        "Expected at most 1000 enum values in total within a single schema when using structured outputs, but received {n}. Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.",
      apiMessageProvenance: "reported",
      evidence:
        'guide: "A schema may have up to 1000 enum values across all enum properties"; message quoted in public logs ("... but received 1008"). One probe saw 1,000 rejected and 999 accepted: the boundary is uncertain by one.',
    },
    totalStringLength: {
      value: 120_000,
      previous: 15_000,
      provenance: "documented",
      counts:
        "characters of property names, definition names, string enum values and string const values (descriptions are not counted; numbers in enums count as their text -- uncertain)",
      apiMessage:
        "Expected at most 120000 total characters across property names, definition names, enum values, and const values, but received {n}.",
      apiMessageProvenance: "inferred",
      evidence:
        'guide: "total string length of all property names, definition names, enum values, and const values cannot exceed 120,000 characters". No public report of the message; worded like the enum messages.',
    },
    largeEnumValues: {
      value: 250,
      provenance: "documented",
      counts: "values of one string enum; above this count the enum's characters are limited",
      apiMessage: "",
      apiMessageProvenance: "documented",
      evidence:
        'guide: "For a single enum property with string values, the total string length of all enum values cannot exceed 15,000 characters when there are more than 250 enum values."',
    },
    largeEnumStringLength: {
      value: 15_000,
      previous: 7_500,
      provenance: "documented",
      counts: "characters of the values of one string enum that has more than 250 values",
      apiMessage:
        "Expected at most 15000 total characters across enum values when there are more than 250 enum values, but received {n}. Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.",
      apiMessageProvenance: "reported",
      evidence: "guide (as above); message quoted in a public test suite of OpenAI errors.",
    },
  } satisfies Record<string, LimitEntry>,

  /** `format` values strict mode accepts (any other value is rejected). */
  formats: {
    values: ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"],
    provenance: "documented" as Provenance,
    apiMessage: "'{format}' is not a valid format.",
    evidence:
      "guide: Supported string properties, format. Message: \"In context=('properties', 'urls', 'items'), 'uri' is not a valid format.\" (public report). Before 2025 every `format` was rejected (\"'format' is not permitted.\").",
  },

  keywords: {
    // The guide's supported list.
    type: { status: "supported", provenance: "documented", evidence: "guide: Supported types" },
    properties: { status: "supported", provenance: "documented", evidence: "guide" },
    required: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: All fields must be required",
    },
    additionalProperties: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: additionalProperties: false must always be set in objects",
    },
    items: { status: "supported", provenance: "documented", evidence: "guide: Array" },
    enum: { status: "supported", provenance: "documented", evidence: "guide: Enum" },
    const: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: the string-size limit counts const values",
    },
    anyOf: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: anyOf (not at the root)",
    },
    $ref: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Definitions are supported",
    },
    $defs: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Definitions are supported",
    },
    definitions: {
      status: "supported",
      provenance: "reported",
      evidence: "draft-07 spelling; sent by Pydantic v1 and zod-to-json-schema and accepted",
    },
    description: { status: "supported", provenance: "documented", evidence: "guide examples" },
    pattern: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported string properties",
    },
    format: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported string properties",
    },
    multipleOf: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported number properties",
    },
    maximum: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported number properties",
    },
    exclusiveMaximum: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported number properties",
    },
    minimum: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported number properties",
    },
    exclusiveMinimum: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported number properties",
    },
    minItems: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported array properties",
    },
    maxItems: {
      status: "supported",
      provenance: "documented",
      evidence: "guide: Supported array properties",
    },
    // Accepted, though not listed.
    title: {
      status: "accepted",
      provenance: "reported",
      evidence:
        "emitted on every node by Pydantic and kept by OpenAI's own strict-schema helper; accepted in the strict-mode reports cited here",
    },
    $schema: {
      status: "accepted",
      provenance: "reported",
      evidence:
        "root `$schema` passes (Agent-Field/agentfield#818, live probe with codex-cli 0.144.1)",
    },
    // Rejected.
    allOf: {
      status: "rejected",
      provenance: "documented",
      evidence:
        "guide: Composition not yet supported; \"In context=(), 'allOf' is not permitted.\" (public reports)",
    },
    not: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    if: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, a key of this table.
    then: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    else: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    dependentRequired: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    dependentSchemas: {
      status: "rejected",
      provenance: "documented",
      evidence: "guide: Composition not yet supported",
    },
    oneOf: {
      status: "rejected",
      provenance: "reported",
      evidence:
        "\"In context=(), 'oneOf' is not permitted.\" (many public reports; zod discriminatedUnion)",
    },
    patternProperties: {
      status: "rejected",
      provenance: "inferred",
      evidence:
        "listed unsupported in the guide's 2024 revision and never added to the supported list; no recent report of the message",
    },
    minLength: {
      status: "rejected",
      provenance: "reported",
      evidence:
        "\"'minLength' is not permitted.\" (public reports through late 2025); not in the supported string properties. One project claims it is accepted: conflicting, kept as rejected.",
    },
    maxLength: {
      status: "rejected",
      provenance: "inferred",
      evidence:
        "listed with minLength in the guide's 2024 revision; not in the supported string properties",
    },
    uniqueItems: {
      status: "rejected",
      provenance: "reported",
      evidence:
        "\"In context=('properties', 'tags'), 'uniqueItems' is not permitted.\" (public reports)",
    },
    minProperties: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    maxProperties: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    propertyNames: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    unevaluatedProperties: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    unevaluatedItems: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    contains: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    minContains: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    maxContains: {
      status: "rejected",
      provenance: "inferred",
      evidence: "listed unsupported in the guide's 2024 revision; not in the supported list",
    },
    // Unverified: the checker warns.
    default: {
      status: "unverified",
      provenance: "uncertain",
      evidence:
        "\"'default' is not permitted.\" reported in 2024; reported accepted in 2026 (Agent-Field/agentfield#818)",
    },
  } satisfies Record<string, KeywordEntry>,
} as const;

export type StrictModeLimits = typeof STRICT_MODE_LIMITS;

/** What the table says about a keyword; keywords it does not name are `unverified`. */
export function keywordStatus(keyword: string): KeywordEntry {
  const keywords = STRICT_MODE_LIMITS.keywords as Record<string, KeywordEntry>;
  const entry = Object.hasOwn(keywords, keyword) ? keywords[keyword] : undefined;
  return (
    entry ?? {
      status: "unverified",
      provenance: "inferred",
      evidence: "not in the guide's supported list and not reported either way",
    }
  );
}

/** Fills `{n}` / `{format}` in an API message template. */
export function apiMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
