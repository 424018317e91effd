/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and SARIF viewers read: one run whose
 * driver lists every enabled rule, and one result per diagnostic located relative to
 * `%SRCROOT%`, the directory the command ran in (those an inline directive silenced with
 * `suppressions`).
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { type Diagnostic, LineIndex, type Severity } from "@ops-skill/core";
import packageJson from "../../package.json" with { type: "json" };
import type { SuppressedDiagnostic } from "../engine/directives.js";
import type { RuleMeta } from "../rule.js";
import { RULE_HELP } from "./rule-help.generated.js";
import type { Formatter } from "./types.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_VERSION = "2.1.0";
const TOOL_NAME = "ops-skill";
const INFORMATION_URI = "https://github.com/ops-skill/ops-skill";
const SRCROOT = "%SRCROOT%";

type Level = "error" | "warning" | "note";
const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "note" };

interface ReportingDescriptor {
  id: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  help?: { text: string; markdown: string };
  defaultConfiguration?: { level: Level };
  properties?: { tags: string[]; "security-severity"?: string };
}

/**
 * The key of each result's own fingerprint: a hash of the rule, the file and the text of the
 * finding's line (and which of the same it is), so an alert follows its line when lines are
 * added above it, and code scanning does not need the checkout to compute one.
 */
export const FINGERPRINT_KEY = "opsSkillLineHash/v1";

export interface SarifFormatterOptions {
  /** `tool.driver.version`; the published formatter uses the lint package's version. */
  version: string;
}

/** A SARIF formatter with a fixed tool version (tests pin it so goldens do not change per release). */
export function createSarifFormatter({ version }: SarifFormatterOptions): Formatter {
  return (result, { cwd }) => {
    const rules: ReportingDescriptor[] = result.rules.map(descriptorOf);
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const indexOf = (ruleId: string): number => {
      let index = ruleIndex.get(ruleId);
      if (index === undefined) {
        // A diagnostic from a rule the run did not list (should not happen): describe it
        // minimally so `ruleIndex` always points into `rules`.
        index = rules.push({ id: ruleId }) - 1;
        ruleIndex.set(ruleId, index);
      }
      return index;
    };

    const results = [];
    for (const file of result.results) {
      const artifactLocation = artifactLocationOf(cwd, file.filePath);
      const lines = file.source === undefined ? undefined : new LineIndex(file.source);
      const seen = new Map<string, number>();
      // Findings an inline directive silenced follow, each with `suppressions` (`inSource`, the
      // directive's reason), as ESLint's SARIF formatter (@microsoft/eslint-formatter-sarif)
      // lists `suppressedMessages`: code scanning shows them as suppressed, not as open alerts.
      const suppressed: readonly SuppressedDiagnostic[] = file.suppressed ?? [];
      for (const d of [...file.diagnostics, ...suppressed]) {
        const startLine = Math.max(1, d.line);
        const startColumn = Math.max(1, d.column);
        const endLine = Math.max(startLine, d.endLine);
        const endColumn =
          endLine === startLine ? Math.max(startColumn, d.endColumn) : Math.max(1, d.endColumn);
        // Secrets are masked in the source already: no hash is of a secret.
        const key = [d.ruleId, artifactLocation.uri, lines?.lineText(startLine).trim() ?? ""].join(
          "\u0000",
        );
        const nth = (seen.get(key) ?? 0) + 1;
        seen.set(key, nth);
        results.push({
          ruleId: d.ruleId,
          ruleIndex: indexOf(d.ruleId),
          level: LEVEL[d.severity],
          message: { text: d.message },
          partialFingerprints: {
            [FINGERPRINT_KEY]: `${createHash("sha256").update(key).digest("hex").slice(0, 32)}:${nth}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation,
                region: { startLine, startColumn, endLine, endColumn },
              },
            },
          ],
          ...(isSuppressed(d)
            ? {
                suppressions: d.suppressions.map((s) => ({
                  kind: "inSource",
                  justification: s.justification,
                })),
              }
            : {}),
        });
      }
    }

    const log = {
      $schema: SARIF_SCHEMA_URI,
      version: SARIF_VERSION,
      runs: [
        {
          tool: {
            driver: { name: TOOL_NAME, informationUri: INFORMATION_URI, version, rules },
          },
          originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
          // Our columns count UTF-16 code units (JavaScript string indices).
          columnKind: "utf16CodeUnits",
          results,
          // The Codex release the verdicts (the `codex/`, `config/` and `hooks/` errors) are for.
          properties: { codexVersion: CODEX_VERSION },
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  };
}

export const sarif: Formatter = createSarifFormatter({ version: packageJson.version });

function isSuppressed(d: Diagnostic): d is SuppressedDiagnostic {
  return "suppressions" in d;
}

function descriptorOf(meta: RuleMeta): ReportingDescriptor {
  const why = RULE_HELP[meta.id];
  const security = meta.securitySeverity;
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    // The docs page's "Why": its first paragraph, and all of it as the help.
    ...(why
      ? {
          fullDescription: { text: why.split("\n\n", 1)[0] as string },
          help: {
            text: `${why}\n\nDocumentation: ${meta.docsUrl}`,
            markdown: `${why}\n\n[Documentation](${meta.docsUrl})`,
          },
        }
      : {}),
    helpUri: meta.docsUrl,
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties:
      security === undefined
        ? { tags: [meta.category] }
        : { tags: [meta.category, "security"], "security-severity": security.toFixed(1) },
  };
}

/** Relative to `%SRCROOT%` when the file is under `cwd`; otherwise an absolute `file:` URI. */
function artifactLocationOf(cwd: string, filePath: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, filePath);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return { uri: pathToFileURL(filePath).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}
