/**
 * The blank template's `scripts/validate-report.sh`, built from the catalogue: the script of
 * the catalogue skill whose report is most like the blank's (`BLANK_VALIDATOR_FROM`), its
 * names made the blank's, and its jq checks (the body of its `<<'JQ'` heredoc) the blank's own
 * (`blank/report-checks.jq`): the argument handling, the messages and the exit codes are the
 * catalogue's, tested with it. Pure.
 */
import { renameText } from "./substitute.js";

/** The catalogue skill whose validator the blank template's is built from. */
export const BLANK_VALIDATOR_FROM = "endpoint-check";

const OPEN = "read -r -d '' checks <<'JQ' || true\n";
const CLOSE = "\nJQ\n";

/**
 * `script` (a catalogue skill's `validate-report.sh`, of the skill `from` and its schema
 * `from.schema.json`) with the jq checks `checks` and the names of the skill `to`; undefined
 * when the script holds no `<<'JQ'` heredoc of checks.
 */
export function validatorFrom(
  script: string,
  checks: string,
  names: { from: string; to: string },
): string | undefined {
  const start = script.indexOf(OPEN);
  const end = start < 0 ? -1 : script.indexOf(CLOSE, start + OPEN.length - 1);
  if (start < 0 || end < 0) return undefined;
  const renamed = (text: string) =>
    renameText(text, {
      from: names.from,
      to: names.to,
      skillPath: `skills/${names.to}`,
      upToRoot: "../../",
      schemaFrom: `${names.from}.schema.json`,
      schemaTo: `${names.to}.schema.json`,
    });
  const body = checks.endsWith("\n") ? checks.slice(0, -1) : checks;
  return `${renamed(script.slice(0, start + OPEN.length))}${body}${renamed(script.slice(end))}`;
}
