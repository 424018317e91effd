/**
 * `node conformance/record.mjs [--check] [DOMAIN | DOMAIN/CASE-ID ...]`: records the named
 * domains (every domain when none is named), or only the named cases of a domain, keeping its
 * other verdicts. `--check` records in memory and exits 1 when a file would change.
 */
import { CODEX_VERSION } from "@ops-skill/codex";
import { DOMAINS } from "./domains.js";
import { type DomainReport, describeReport, pinnedCodex, recordDomain } from "./recorder.js";

export { describeReport, pinnedCodex };

export interface Selection {
  domain: string;
  /** Case ids to record; every case when empty. */
  only: string[];
}

/** Parses `DOMAIN` and `DOMAIN/CASE-ID` arguments, in the order of `DOMAINS`. */
export function parseSelection(args: readonly string[]): Selection[] {
  const names = DOMAINS.map((domain) => domain.name);
  const picked = new Map<string, string[] | "all">();
  for (const arg of args) {
    const slash = arg.indexOf("/");
    const domain = slash === -1 ? arg : arg.slice(0, slash);
    if (!names.includes(domain))
      throw new Error(`no conformance domain ${JSON.stringify(domain)} (${names.join(", ")})`);
    const current = picked.get(domain);
    if (slash === -1) picked.set(domain, "all");
    else if (current !== "all") picked.set(domain, [...(current ?? []), arg.slice(slash + 1)]);
  }
  if (picked.size === 0) return names.map((domain) => ({ domain, only: [] }));
  return names
    .filter((name) => picked.has(name))
    .map((domain) => {
      const only = picked.get(domain);
      return { domain, only: only === "all" || only === undefined ? [] : only };
    });
}

export interface RecordAllOptions {
  check?: boolean;
  codexVersion?: string;
  log?: (line: string) => void;
}

/** Records each selected domain with the pinned Codex (installed when missing). */
export async function recordSelection(
  selection: readonly Selection[],
  options: RecordAllOptions = {},
): Promise<DomainReport[]> {
  const codexVersion = options.codexVersion ?? CODEX_VERSION;
  const bin = await pinnedCodex(codexVersion);
  const reports: DomainReport[] = [];
  for (const { domain: name, only } of selection) {
    const domain = DOMAINS.find((d) => d.name === name);
    if (domain === undefined) throw new Error(`no conformance domain ${name}`);
    reports.push(
      await recordDomain(domain, {
        bin,
        codexVersion,
        only,
        check: options.check === true,
        ...(options.log === undefined ? {} : { log: options.log }),
      }),
    );
  }
  return reports;
}

export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes("--check");
  const unknownFlags = argv.filter((arg) => arg.startsWith("-") && arg !== "--check");
  if (unknownFlags.length > 0) throw new Error(`unknown option ${unknownFlags.join(", ")}`);
  const selection = parseSelection(argv.filter((arg) => !arg.startsWith("-")));
  const reports = await recordSelection(selection, { check });
  let differs = false;
  for (const report of reports) {
    process.stdout.write(`${report.domain}\n`);
    for (const line of describeReport(report)) process.stdout.write(`  ${line}\n`);
    if (report.outputs.some((output) => output.differs)) differs = true;
    if ((report.caseFiles?.length ?? 0) > 0) differs = true;
  }
  if (check && differs) {
    process.stderr.write("recorded verdicts differ from the files; re-record them.\n");
    return 1;
  }
  return 0;
}
