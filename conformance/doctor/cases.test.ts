/**
 * The doctor domain's structure (`node conformance/record.mjs doctor` records it): every case
 * has the schedule it claims and a `run` that schedule really writes, a cause that is a doctor
 * check, a verdict of the pinned Codex, and a recorded `jobDone` that follows from the recorded
 * facts and agrees with the cause: a schedule expected to work did its job, one expected to
 * break did not.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { scheduledWorkflow } from "../../packages/create-ops-skill/src/schedule.js";
import { TEMPLATE_INFO } from "../../packages/create-ops-skill/src/templates.js";
import { CHECK_IDS } from "../../packages/doctor/src/model.js";
import { listCases } from "../lib/corpus.js";
import {
  type DoctorCaseManifest,
  type DoctorFacts,
  type DoctorVerdict,
  fillPlaceholders,
  fillStandIns,
  type Job,
  missedJob,
  TEST_API_KEY,
  withStubBaseUrl,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, DoctorVerdict>;
};
const cases = listCases<DoctorCaseManifest>(join(here, "cases"));

/** The words of a schedule's `codex` line as a shell would split them (single quotes only). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}

describe(`doctor conformance (Codex ${verdicts.codexVersion})`, () => {
  it("has at least 32 cases, each with a verdict of the pinned Codex", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(cases.length).toBeGreaterThanOrEqual(32);
    expect(Object.keys(verdicts.cases)).toEqual(cases.map((c) => c.id));
  });

  it("covers schedules that work and every cause the doctor names", () => {
    const causes = new Set(cases.map((c) => c.manifest.cause));
    expect(causes.has(null)).toBe(true);
    // Every check but those no single run can show: the schedule reader's own, the runner
    // image's tools, and the cost over a month.
    const unshown = ["schedule", "tools", "cost"];
    for (const cause of CHECK_IDS.filter((id) => !unshown.includes(id)))
      expect(causes).toContain(cause);
    const kinds = new Set(cases.map((c) => c.manifest.schedule?.split("/")[0]));
    expect([...kinds]).toEqual(expect.arrayContaining(["cron", ".github", "run.sh"]));
  });

  describe.each(cases.map((c) => [c.id, c] as const))("%s", (id, { dir, manifest }) => {
    const verdict = verdicts.cases[id] as DoctorVerdict;

    it("names a doctor check as its cause, or none", () => {
      if (manifest.cause !== null) expect(CHECK_IDS as readonly string[]).toContain(manifest.cause);
      expect(verdict.cause).toBe(manifest.cause);
      expect(verdict.description).toBe(manifest.description);
    });

    it("has its schedule file, which runs the case's codex arguments", () => {
      const schedule = manifest.schedule;
      const text =
        schedule === undefined
          ? (manifest.commandLine ?? "")
          : readFileSync(join(dir, "project", schedule), "utf8");
      if (schedule !== undefined) {
        expect(statSync(join(dir, "project", schedule)).isFile()).toBe(true);
        expect(verdict.schedule).toBe(schedule);
      }
      const line = text
        .split("\n")
        .find((l) => !l.trim().startsWith("#") && /(^|[\s/])codex(@\S+)? exec\b/.test(l));
      expect(line, "a line running codex exec").toBeDefined();
      const words = shellWords((line ?? "").slice((line ?? "").indexOf(" exec") + 1));
      expect(words).toEqual(manifest.run.args);
      // Cron's environment lines and the script's exports set the run's variables.
      if (schedule?.startsWith("cron/") === true) {
        expect(manifest.run.inheritsLoginEnv).toBe(false);
        for (const [name, value] of Object.entries(manifest.run.env))
          expect(text).toContain(`\n${name}=${value}\n`);
        expect(manifest.run.cwd === "~").toBe(!text.includes("cd /srv/ops"));
      } else expect(manifest.run.inheritsLoginEnv).toBe(true);
      if (schedule?.startsWith(".github/") === true) {
        // A secret's value is the test value the stub takes for the key; others are literal.
        for (const [name, value] of Object.entries(manifest.run.env)) {
          const secret = value === TEST_API_KEY ? "\\$\\{\\{ secrets\\.\\w+ \\}\\}" : "";
          const literal = value.replace(/[$^*+?.()|[\]{}\\]/g, "\\$&");
          expect(text).toMatch(
            new RegExp(`\\n\\s+${name}: (${[literal, secret].filter(Boolean).join("|")})\\n`),
          );
        }
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression.
        expect(manifest.run.codexHome).toBe("${{ runner.temp }}/codex-home");
      } else expect(manifest.run.codexHome).toBeNull();
    });

    it("passes the key as CODEX_API_KEY when the schedule works", () => {
      // Codex's default provider sends CODEX_API_KEY, never OPENAI_API_KEY (conformance/auth).
      if (manifest.cause === null) expect(manifest.run.env.CODEX_API_KEY).toBe(TEST_API_KEY);
      if (manifest.cause !== "environment")
        expect(Object.keys(manifest.run.env)).not.toContain("OPENAI_API_KEY");
    });

    it("reads the report where the job says the next step does", () => {
      const report = manifest.job.report;
      if (report === undefined || manifest.schedule === undefined) return;
      if (manifest.schedule.startsWith("cron/")) return;
      // A workflow's next step, or the script's line after codex: jq on the file and the path.
      const text = readFileSync(join(dir, "project", manifest.schedule), "utf8");
      const reader = text
        .split("\n")
        .find(
          (line) =>
            /\bjq -e/.test(line) &&
            !line.trim().startsWith("#") &&
            !/codex(@\S+)? exec\b/.test(line),
        );
      expect(reader).toContain(` ${report.file}`);
      expect(text).toContain(`'${report.jq}`);
    });

    it("scripts the skill's commands and a job made of them", () => {
      const calls = manifest.turns.flatMap((turn) => ("exec" in turn ? [turn.id] : []));
      expect(new Set(calls).size).toBe(calls.length);
      for (const { call } of manifest.job.commands) expect(calls).toContain(call);
      for (const call of manifest.job.blocked ?? []) expect(calls).toContain(call);
      const names = Object.keys(manifest.standIns ?? {});
      for (const turn of manifest.turns)
        if ("exec" in turn)
          for (const [, name] of turn.exec.matchAll(/\{\{(\w+)(?:\.host|\.port)?\}\}/g))
            expect(names).toContain(name);
      for (const { reaches = [] } of manifest.job.commands)
        for (const name of reaches) expect(names).toContain(name);
      for (const skill of manifest.skills) {
        const prompt = manifest.run.args.at(-1) ?? "";
        expect(prompt).toContain(skill);
      }
      expect(existsSync(join(dir, "project"))).toBe(true);
    });

    it(`${manifest.cause === null ? "did" : "did not do"} its job, as the recorded facts say`, () => {
      expect(missedJob(verdict, manifest.job, manifest.skills)).toEqual(verdict.missed);
      expect(verdict.jobDone).toBe(verdict.missed.length === 0);
      expect(verdict.jobDone).toBe(manifest.cause === null);
    });
  });
});

describe("scaffold-workflow", () => {
  it("runs the workflow create-ops-skill renders today for the drift-check template", () => {
    const scaffold = cases.find((c) => c.id === "scaffold-workflow");
    const manifest = scaffold?.manifest as DoctorCaseManifest;
    const written = readFileSync(
      join(scaffold?.dir ?? "", "project", manifest.schedule ?? ""),
      "utf8",
    );
    // The catalogue's drift-check: its suite's schedule and its first scenario's inputs.
    const rendered = scheduledWorkflow({
      name: "drift-check",
      cron: "0 6 * * *",
      profile: "day-two",
      sandbox: undefined,
      prompt: manifest.run.args.at(-1) ?? "",
      schemaPath: "schemas/drift-check.schema.json",
      exampleEnv: { TF_DIR: "infra/prod", K8S_MANIFESTS_DIR: "k8s/prod" },
      tools: TEMPLATE_INFO["drift-check"].tools,
    });
    expect(written).toBe(rendered);
  });
});

describe("missedJob", () => {
  const job: Job = {
    commands: [{ call: "a", reaches: ["api"] }],
    blocked: ["b"],
    report: { file: "report.json", jq: ".status" },
  };
  const done: DoctorFacts = {
    exitCode: 0,
    listedSkills: ["drift-check"],
    commands: [
      { call: "a", command: "curl", outcome: "ran", exitCode: 0, reached: ["api"], output: [] },
      {
        call: "b",
        command: "terraform apply",
        outcome: "blocked-by-hook",
        reached: [],
        output: [],
      },
    ],
    report: { file: "report.json", exists: true, json: true, jq: ".status", hasPath: true },
    codexErrors: [],
  };

  it("finds nothing missing when every part of the job was done", () => {
    expect(missedJob(done, job, ["drift-check"])).toEqual([]);
  });

  it("names each part that was not", () => {
    const broken: DoctorFacts = {
      ...done,
      exitCode: 1,
      listedSkills: [],
      commands: [
        { call: "a", command: "curl", outcome: "ran", exitCode: 7, reached: [], output: [] },
        {
          call: "b",
          command: "terraform apply",
          outcome: "ran",
          exitCode: 0,
          reached: [],
          output: [],
        },
      ],
      report: { file: "report.json", exists: true, json: true, jq: ".status", hasPath: false },
    };
    expect(missedJob(broken, job, ["drift-check"])).toEqual([
      "codex exited 1",
      "skill drift-check not listed",
      "a exited 7 (wanted 0)",
      "a did not reach api",
      "b not blocked (ran)",
      "report.json has no .status",
    ]);
    expect(
      missedJob(
        {
          ...done,
          commands: [done.commands[1] as DoctorFacts["commands"][number]],
          report: undefined,
        },
        job,
        [],
      ),
    ).toEqual(["a not-run", "report.json not written"]);
  });

  it("takes a sandbox stop or a missing report file for a job not done", () => {
    const stopped: DoctorFacts = {
      ...done,
      commands: [
        { call: "a", command: "curl", outcome: "stopped-by-sandbox", reached: [], output: [] },
        done.commands[1] as DoctorFacts["commands"][number],
      ],
      report: { file: "report.json", exists: true, json: false, jq: ".status", hasPath: false },
    };
    expect(missedJob(stopped, job, [])).toEqual([
      "a stopped-by-sandbox",
      "report.json is not JSON",
    ]);
  });
});

describe("the run's setup", () => {
  const standIns = [
    { name: "api", host: "127.0.0.1", port: 8443 },
    { name: "dns", host: "127.0.0.2", port: 5353 },
  ];

  it("fills each stand-in's address and its parts", () => {
    expect(
      fillStandIns(
        "curl http://{{api}}/x; dig @{{dns.host}} -p {{dns.port}}; {{api.port}} {{other}}",
        standIns,
      ),
    ).toBe("curl http://127.0.0.1:8443/x; dig @127.0.0.2 -p 5353; 8443 {{other}}");
    expect(fillStandIns("{{api}}", [])).toBe("{{api}}");
  });

  it("fills the placeholders of every file but .git's, leaving the others untouched", () => {
    const dir = mkdtempSync(join(tmpdir(), "doctor-fill-"));
    try {
      mkdirSync(join(dir, "sub"));
      mkdirSync(join(dir, ".git"));
      writeFileSync(join(dir, "sub", "kubeconfig.yaml"), "server: https://{{api}}\n");
      writeFileSync(join(dir, ".git", "config"), "{{api}}\n");
      writeFileSync(join(dir, "plain.txt"), "nothing\n");
      fillPlaceholders(dir, (text) => fillStandIns(text, standIns));
      expect(readFileSync(join(dir, "sub", "kubeconfig.yaml"), "utf8")).toBe(
        "server: https://127.0.0.1:8443\n",
      );
      expect(readFileSync(join(dir, ".git", "config"), "utf8")).toBe("{{api}}\n");
      expect(readFileSync(join(dir, "plain.txt"), "utf8")).toBe("nothing\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("points the default provider at the stub before the user's own config", () => {
    const url = "http://127.0.0.1:9/v1";
    expect(withStubBaseUrl("", url)).toBe(
      'openai_base_url = "http://127.0.0.1:9/v1"\nmodel = "gpt-5.4"\n',
    );
    const config = withStubBaseUrl(
      'profile_x = 1\n[projects."/srv/ops"]\ntrust_level = "trusted"',
      url,
    );
    expect(config).toBe(
      'openai_base_url = "http://127.0.0.1:9/v1"\nmodel = "gpt-5.4"\n\nprofile_x = 1\n[projects."/srv/ops"]\ntrust_level = "trusted"\n',
    );
    expect(config).not.toContain("model_provider");
  });
});
