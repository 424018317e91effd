/**
 * `create-ops-skill` as a library: `createSkill(options)` scaffolds a skill from a template
 * (built from the catalogue) into a repository, with its schema and generated types, the guard
 * hook merged into `.codex/hooks.json`, the schedule (permission profile, trust, workflows), and
 * optionally the trust Codex needs in `$CODEX_HOME/config.toml`. `ops-skill new` calls it too.
 */
import { relative } from "node:path";
import { type CreateOptions, planSkill } from "./plan.js";
import type { Endpoint, TemplateName } from "./templates.js";
import { tableLines } from "./trust.js";
import { writePlan } from "./write.js";

export { onInterrupt } from "./interrupt.js";
export { MAX_NAME_LENGTH, nameProblem, suggestName } from "./name.js";
export type { CreateOptions } from "./plan.js";
export { formatCreated, formatRefusal } from "./report.js";
export {
  DEFAULT_PROFILE,
  LEGACY_SANDBOXES,
  scheduledWorkflow,
  type WorkflowOptions,
} from "./schedule.js";
export { type Endpoint, TEMPLATE_INFO, TEMPLATE_NAMES, type TemplateName } from "./templates.js";

export interface CreateSuccess {
  ok: true;
  name: string;
  template: TemplateName;
  /** The repository (absolute). */
  root: string;
  /** The skill's folder (absolute). */
  dir: string;
  /** Every file of the scaffold, relative to the repository, and what became of it. */
  files: { path: string; status: "created" | "updated" | "unchanged" }[];
  /** Files of the repository left as they were although the template differs. */
  kept: { path: string; why: string }[];
  /** `codex exec --profile <profile>`; undefined under `--sandbox read-only|workspace-write`. */
  profile: string | undefined;
  sandbox: "read-only" | "workspace-write" | undefined;
  /** The skill's forbidden commands (its key in `.codex/hooks/forbidden.json`). */
  forbidden: string[];
  /** What the template's commands reach. */
  endpoints: Endpoint[];
  /** The hosts the profile allows through `features.network_proxy`, when it has an allowlist. */
  allowlist: string[] | undefined;
  schema: string;
  workflow: string;
  cron: string;
  prompt: string;
  trust: {
    /** `$CODEX_HOME/config.toml`. */
    configPath: string;
    /** The tables were appended now. */
    written: boolean;
    /** The tables were there already. */
    present: boolean;
    /** The exact lines that trust the project and the guard hook. */
    lines: string;
    /** Tables the config holds with another value: to edit by hand. */
    conflicts: string;
  };
  warnings: string[];
  /** What to do next, one step a line. */
  nextSteps: string[];
}

export interface CreateFailure {
  ok: false;
  /**
   * 1 refused (bad name, non-empty target, unparsable config, no repository, unwritable);
   * 2 usage; 130 interrupted (`options.signal`), nothing written.
   */
  exitCode: 1 | 2 | 130;
  message: string;
  /** The corrected name, when the name was refused. */
  suggestion?: string;
}

export type CreateResult = CreateSuccess | CreateFailure;

export async function createSkill(options: CreateOptions): Promise<CreateResult> {
  const planned = await planSkill(options);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const written = await writePlan(plan, options.signal);
  if (!written.ok)
    return { ok: false, exitCode: written.interrupted ? 130 : 1, message: written.message };
  const rel = (path: string) => relative(plan.root, path).split("\\").join("/");
  const present =
    plan.trust.plan.append.length === 0 &&
    plan.trust.plan.conflicts.length === 0 &&
    options.trust === true;
  const skillRel = rel(plan.dir);
  const nextSteps = [
    `npx ops-skill lint ${skillRel}`,
    `npx ops-skill test --filter ${plan.name}`,
    ...(written.trustWritten || present
      ? []
      : [
          `trust the project and its guard hook: add to ${plan.trust.configPath} the lines printed above (codex exec skips untrusted hooks)`,
        ]),
    `git add ${skillRel} schemas .codex schedule .github && git commit -m "Add the ${plan.name} skill"`,
    "add the repository secret OPENAI_API_KEY (Settings > Secrets and variables > Actions) for the scheduled run",
  ];
  return {
    ok: true,
    name: plan.name,
    template: plan.template,
    root: plan.root,
    dir: plan.dir,
    files: written.files.map((f) => ({ ...f, path: rel(f.path) })),
    kept: plan.kept,
    profile: plan.profile,
    sandbox: plan.sandbox,
    forbidden: plan.forbidden,
    endpoints: plan.endpoints,
    allowlist: plan.allowlist,
    schema: plan.schemaPath,
    workflow: plan.workflowPath,
    cron: plan.cron,
    prompt: plan.prompt,
    trust: {
      configPath: plan.trust.configPath,
      written: written.trustWritten,
      present,
      lines: plan.trust.lines,
      conflicts: plan.trust.plan.conflicts.map(tableLines).join("\n"),
    },
    warnings: plan.warnings,
    nextSteps,
  };
}
