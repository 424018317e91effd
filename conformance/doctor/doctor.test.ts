/**
 * `ops-skill doctor` held to the real Codex: each schedule of the doctor domain, read by the
 * doctor in its project as the user wrote it, must be judged the way the recorded run went. A
 * schedule whose run did its job gets no "breaks"; one whose run did not gets a "breaks" of the
 * check the case names as its cause. No Codex needed: the verdicts are recorded.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { doctorText, runDoctor } from "../../packages/doctor/src/index.js";
import { listCases, materializeCase, materializeCodexHome } from "../lib/corpus.js";
import {
  type DoctorCaseManifest,
  type DoctorVerdict,
  fillPlaceholders,
  fillStandIns,
  HOME_FOLDER,
  LOGIN_ENV,
  PROJECT_ROOT,
  withStubBaseUrl,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, "cases");
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  cases: Record<string, DoctorVerdict>;
};
const cases = listCases<DoctorCaseManifest>(casesDir);
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-doctor-conformance-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Stand-ins get fixed ports here: the doctor reads hosts, never connects. */
function standInText(text: string, manifest: DoctorCaseManifest): string {
  return fillStandIns(
    text,
    Object.entries(manifest.standIns ?? {}).map(([name, standIn], index) => ({
      name,
      host: standIn.host ?? "127.0.0.1",
      port: 18_080 + index,
    })),
  );
}

function rewriteTree(dir: string, rewrite: (text: string) => string): void {
  if (existsSync(dir)) fillPlaceholders(dir, rewrite);
}

/** The case's project, home and Codex home on disk, as the recorded run had them. */
function materialize(id: string, manifest: DoctorCaseManifest) {
  const run = join(scratch, id);
  const { projectDir: project } = materializeCase(id, join(run, "project"), casesDir, {
    git: "init",
  });
  const home = join(run, "home");
  mkdirSync(home, { recursive: true });
  const caseHome = join(casesDir, id, HOME_FOLDER);
  if (existsSync(caseHome)) cpSync(caseHome, home, { recursive: true });
  const toProject = (text: string) => standInText(text.split(PROJECT_ROOT).join(project), manifest);
  rewriteTree(project, toProject);
  rewriteTree(home, toProject);
  // The Codex home: $HOME/.codex, a folder the schedule names, or (a runner's temporary
  // folder) none on this machine: the doctor then reads what `ops-skill codex-home` writes.
  const named = manifest.run.codexHome;
  const codexHome =
    named === null ? join(home, ".codex") : named.includes("$") ? undefined : toProject(named);
  if (codexHome !== undefined) {
    mkdirSync(codexHome, { recursive: true });
    materializeCodexHome(join(casesDir, id), codexHome);
    rewriteTree(codexHome, toProject);
    const config = join(codexHome, "config.toml");
    // The model endpoint the recorded run had (the stub's URL does not matter here).
    writeFileSync(
      config,
      withStubBaseUrl(
        existsSync(config) ? readFileSync(config, "utf8") : "",
        "http://127.0.0.1:9/v1",
      ),
    );
  }
  // The doctor runs in the user's login, whatever the schedule's own environment.
  const base = { ...LOGIN_ENV, HOME: home, USER: "root", LOGNAME: "root" };
  // A script or command line inherits the login's variables the case lists (its key).
  const inherited =
    manifest.run.inheritsLoginEnv && !manifest.schedule?.startsWith(".github/")
      ? Object.fromEntries(Object.entries(manifest.run.env).map(([k, v]) => [k, toProject(v)]))
      : {};
  return { project, home, env: { ...base, ...inherited } as Record<string, string> };
}

describe("ops-skill doctor agrees with the real Codex on every schedule of the doctor domain", () => {
  it.each(cases.map((c) => [c.id, c.manifest] as const))("%s", async (id, manifest) => {
    const recorded = verdicts.cases[id] as DoctorVerdict;
    const { project, env } = materialize(id, manifest);
    const result = await runDoctor({
      cwd: join(project, manifest.run.cwd === "~" ? "." : manifest.run.cwd),
      root: project,
      ...(manifest.schedule === undefined
        ? { commandLine: manifest.commandLine as string }
        : { inputs: [join(project, manifest.schedule)] }),
      env,
    });
    expect(result.problems, id).toEqual([]);
    const broken = result.runs.flatMap((run) =>
      run.verdicts.filter((v) => v.status === "breaks").map((v) => `${v.check}: ${v.title}`),
    );
    const brokenChecks = [...new Set(broken.map((line) => line.split(":")[0]))];
    // On failure, the whole checklist says why.
    const said = doctorText(result, { cwd: project, color: false });
    if (recorded.jobDone) expect(broken, `${id} did its job under Codex:\n${said}`).toEqual([]);
    else
      expect(brokenChecks, `${id} missed: ${recorded.missed.join("; ")}\n${said}`).toContain(
        manifest.cause,
      );
  });
});
