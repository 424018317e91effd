/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and SARIF viewers read: one run whose
 * driver lists every enabled rule, and one result per diagnostic located relative to
 * `%SRCROOT%`, the directory the command ran in.
 */
import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import type { Severity } from "@ops-skill/core";
import packageJson from "../../package.json" with { type: "json" };
import type { RuleMeta } from "../rule.js";
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
  helpUri?: string;
  defaultConfiguration?: { level: Level };
  properties?: { tags: string[] };
}

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
      for (const d of file.diagnostics) {
        const startLine = Math.max(1, d.line);
        const startColumn = Math.max(1, d.column);
        const endLine = Math.max(startLine, d.endLine);
        const endColumn =
          endLine === startLine ? Math.max(startColumn, d.endColumn) : Math.max(1, d.endColumn);
        results.push({
          ruleId: d.ruleId,
          ruleIndex: indexOf(d.ruleId),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation,
                region: { startLine, startColumn, endLine, endColumn },
              },
            },
          ],
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

function descriptorOf(meta: RuleMeta): ReportingDescriptor {
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    helpUri: meta.docsUrl,
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { tags: [meta.category] },
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
