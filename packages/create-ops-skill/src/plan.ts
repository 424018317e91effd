/**
 * Planning a scaffold: from the options, the template and what the repository already holds, the
 * whole list of files to write with their contents (merges done), or why not. Nothing is written
 * here: every refusal comes before the first write. (Type generation runs in a scratch folder of
 * the system's temporary directory, outside the repository.)
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { HookGroup } from "@ops-skill/codex/config";
import {
  hookShapeProblems,
  rehashCassette,
  SCHEDULE_HOOKS_FILE,
  scheduleTrustText,
  trustedHooks,
} from "@ops-skill/codex/config";
import { isInside } from "@ops-skill/core";
import { readRegularText } from "@ops-skill/core/read-file";
import matter from "gray-matter";
import {
  GUARD_COMMAND,
  GUARD_FILE,
  mergeForbidden,
  mergeHooksJson,
  newHooksJson,
  readJsonc,
  setJsonValue,
} from "./merge.js";
import { nameProblem, suggestName } from "./name.js";
import {
  DEFAULT_PROFILE,
  isLegacySandbox,
  type LegacySandbox,
  profileProblem,
  profileToml,
  pullRequestWorkflow,
  scheduledWorkflow,
} from "./schedule.js";
import { renameText, rewordBlocked, textOf } from "./substitute.js";
import {
  type Endpoint,
  isTemplateName,
  loadTemplate,
  TEMPLATE_INFO,
  TEMPLATE_NAMES,
  type Template,
  type TemplateName,
} from "./templates.js";
import { appendTables, planTrust, type TrustPlan, tableLines, trustTables } from "./trust.js";
import { cachedTypes, renamedTypes } from "./types-cache.js";

export interface CreateOptions {
  /** The skill's name; default: the template's (`starter-check` for `blank`). */
  name?: string;
  /** Default `blank`. */
  template?: string;
  /** The skill's folder; default `.agents/skills/<name>` under the git repository of `cwd`. */
  dir?: string;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** A permission profile name (default `day-two`), or `read-only` / `workspace-write`. */
  sandbox?: string;
  /** Replace a non-empty skill folder, and files of the repository that differ. */
  force?: boolean;
  /** Append the trust entries to `$CODEX_HOME/config.toml` (never without consent). */
  trust?: boolean;
  /** Default `$CODEX_HOME`, else `~/.codex`. */
  codexHome?: string;
  /** The environment `CODEX_HOME` is read from (default the process's). */
  env?: Record<string, string | undefined>;
  /** Aborted (Ctrl-C): stop before anything is in place, writing nothing (exit 130). */
  signal?: AbortSignal;
}

export interface PlannedFile {
  /** Absolute path. */
  path: string;
  bytes: Buffer;
  mode?: number;
  /** Part of the skill folder (written by rename), or a repository file (atomic write). */
  inSkill: boolean;
  /** A file of the repository that existed (merged, or replaced under --force). */
  existed: boolean;
}

export interface Plan {
  name: string;
  template: TemplateName;
  root: string;
  dir: string;
  files: PlannedFile[];
  profile: string | undefined;
  sandbox: LegacySandbox | undefined;
  forbidden: string[];
  endpoints: Endpoint[];
  allowlist: string[] | undefined;
  schemaPath: string;
  workflowPath: string;
  cron: string;
  prompt: string;
  /** Files left as they are although the template would write otherwise, and why. */
  kept: { path: string; why: string }[];
  trust: {
    configPath: string;
    /** The config with the tables appended, when `trust` and there is something to append. */
    write: string | undefined;
    plan: TrustPlan;
    /** The exact lines that trust the project and the hook. */
    lines: string;
  };
  warnings: string[];
}

export type Refusal = {
  ok: false;
  /** 1 refused, 2 usage, 130 interrupted. */
  exitCode: 1 | 2 | 130;
  message: string;
  suggestion?: string;
};
export type Planned = { ok: true; plan: Plan } | Refusal;

const refuse = (
  message: string,
  exitCode: Refusal["exitCode"] = 1,
  suggestion?: string,
): Refusal => ({
  ok: false,
  exitCode,
  message,
  ...(suggestion === undefined ? {} : { suggestion }),
});

const posix = (path: string) => path.split(sep).join("/");

function gitRoot(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

type Existing = { text: string } | { missing: true } | { problem: string };
function readExisting(path: string): Existing {
  const read = readRegularText(path);
  if (read.ok) return { text: read.text };
  if (read.kind === "missing") return { missing: true };
  return { problem: read.problem };
}

/** Files and folders of a non-empty folder; undefined when it is absent or empty. */
function nonEmpty(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

export async function planSkill(options: CreateOptions): Promise<Planned> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const templateName = options.template ?? "blank";
  if (!isTemplateName(templateName)) {
    return refuse(
      `unknown template ${JSON.stringify(templateName)} (one of ${TEMPLATE_NAMES.join(", ")})`,
      2,
    );
  }
  let template: Template;
  try {
    template = loadTemplate(templateName);
  } catch (error) {
    return refuse(`the template ${templateName} is not built (${(error as Error).message})`, 2);
  }
  const name = options.name ?? template.skill;
  const problem = nameProblem(name);
  if (problem !== undefined) {
    const suggestion = suggestName(name);
    return refuse(
      `${JSON.stringify(name)} is not a skill name: ${problem}; use lowercase a-z, 0-9 and single hyphens, starting with a letter, at most 64 characters${suggestion === undefined ? "" : ` (try ${suggestion})`}`,
      1,
      suggestion,
    );
  }
  const sandboxOption = options.sandbox ?? DEFAULT_PROFILE;
  const sandboxProblem = profileProblem(sandboxOption);
  if (sandboxProblem !== undefined) return refuse(sandboxProblem, 2);
  const sandbox = isLegacySandbox(sandboxOption) ? sandboxOption : undefined;
  let profile = sandbox === undefined ? sandboxOption : undefined;

  // --- where: the repository and the skill's folder -------------------------------------------
  const git = gitRoot(cwd);
  if (git === undefined && options.dir === undefined) {
    return refuse(
      `no git repository at or above ${cwd}: run create-ops-skill inside one (git init), or give --dir`,
    );
  }
  const root = git ?? cwd;
  const dir = resolve(cwd, options.dir ?? join(root, ".agents", "skills", name));
  const fromRoot = relative(root, dir);
  if (fromRoot === "" || fromRoot.startsWith("..") || isAbsolute(fromRoot)) {
    return refuse(`--dir ${dir} is not inside the repository ${root}`, 2);
  }
  if (basename(dir) !== name) {
    return refuse(
      `--dir ${dir}: the skill's folder must be named as the skill (${name}), as Codex and the Agent Skills specification expect`,
      2,
    );
  }
  if (fromRoot.split(sep)[0] === ".git") {
    return refuse(`--dir ${dir} is inside the repository's .git folder`, 2);
  }
  // The nearest folder of the path that exists: a file there (ENOTDIR), or a link that leads
  // out of the repository (the skill would be written elsewhere), is refused.
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const existingStat = statSync(existing);
  if (!existingStat.isDirectory()) {
    return refuse(
      `${existing === dir ? dir : `${relative(root, existing)} (in the path of ${dir})`} exists and is not a folder`,
    );
  }
  const realExisting = realpathSync.native(existing);
  const realRepo = realpathSync.native(root);
  if (!isInside(realRepo, realExisting)) {
    return refuse(
      `${dir} is outside the repository: ${relative(root, existing)} leads to ${realExisting}; nothing was written`,
    );
  }
  if (nonEmpty(dir) && options.force !== true) {
    return refuse(`${dir} is not empty (--force replaces it)`);
  }

  const info = TEMPLATE_INFO[templateName];
  const skillPath = posix(fromRoot);
  const upToRoot = "../".repeat(skillPath.split("/").length);
  const schemaFile = `${name}.schema.json`;
  const schemaPath = `schemas/${schemaFile}`;
  const renames = {
    from: template.skill,
    to: name,
    skillPath,
    upToRoot,
    schemaFrom: template.schemaFile,
    schemaTo: schemaFile,
  };
  const files: PlannedFile[] = [];
  const kept: Plan["kept"] = [];
  const warnings: string[] = [];
  const at = (rel: string) => join(root, rel);

  // --- the profile: one the repository holds already may serve another runbook's needs -------
  // (a host allowlist that would shut this one's tools out, or none where this one has one):
  // never keep it silently. The default gives way to a profile named after the skill; a
  // profile the user named is refused.
  if (profile !== undefined && options.force !== true) {
    const differs = (candidate: string): string | undefined => {
      const rel = `schedule/${candidate}.config.toml`;
      const existing = readExisting(at(rel));
      if ("problem" in existing) return `${rel}: ${existing.problem}`;
      if (
        "text" in existing &&
        existing.text !== profileToml(template.profile, candidate, info.allowlist)
      ) {
        return `${rel} exists and differs from the permissions the ${templateName} template needs (${info.allowlist === undefined ? "network on, no host allowlist" : `only ${info.allowlist.join(", ")} through the proxy`})`;
      }
      return undefined;
    };
    const problem = differs(profile);
    if (problem !== undefined) {
      if (options.sandbox !== undefined || profile === name) {
        return refuse(
          `${problem}: name another profile (--sandbox <profile>), or --force replaces it; nothing was written`,
        );
      }
      const own = differs(name);
      if (own !== undefined) {
        return refuse(
          `${problem}, and ${own}: name another profile (--sandbox <profile>), or --force replaces it; nothing was written`,
        );
      }
      warnings.push(
        `${problem}; this skill is scheduled with a profile of its own, ${name} (schedule/${name}.config.toml)`,
      );
      profile = name;
    }
  }

  // --- repository files: read and check every one before anything is written ------------------
  const projectConfig = readExisting(at(".codex/config.toml"));
  if ("problem" in projectConfig) return refuse(`.codex/config.toml: ${projectConfig.problem}`);
  const { parseConfigFile } = await import("@ops-skill/codex/config-parse");
  if ("text" in projectConfig) {
    const parsed = parseConfigFile({
      path: at(".codex/config.toml"),
      kind: "config-toml",
      text: projectConfig.text,
    });
    if (parsed.syntaxError !== undefined) {
      return refuse(
        `.codex/config.toml does not parse (line ${parsed.syntaxError.line ?? 1}: ${parsed.syntaxError.message}); fix it first, nothing was written`,
      );
    }
    // Codex refuses the whole config (exit 1) over hooks of the wrong shape: no run would start.
    const legacy = parsed.hooks.entry?.value.kind === "array";
    const shape = legacy
      ? { message: "the legacy [[hooks]] array", span: parsed.hooks.entry?.keySpan }
      : hookShapeProblems(parsed)[0];
    if (shape !== undefined) {
      const line = shape.span === undefined ? 1 : parsed.at(shape.span).line;
      return refuse(
        `.codex/config.toml line ${line}: ${shape.message}: Codex refuses the whole config over it, so no codex exec would start; fix it first, nothing was written`,
      );
    }
    if (parsed.hooks.groups.length > 0 && !existsSync(at(SCHEDULE_HOOKS_FILE))) {
      warnings.push(
        `.codex/config.toml has hooks and the guard goes to ${SCHEDULE_HOOKS_FILE}: Codex loads both, with an error item ("prefer a single representation for this layer"); move your hooks into one of them`,
      );
    }
  }

  const hooksExisting = readExisting(at(SCHEDULE_HOOKS_FILE));
  if ("problem" in hooksExisting) return refuse(`${SCHEDULE_HOOKS_FILE}: ${hooksExisting.problem}`);
  let hooksText: string;
  if ("text" in hooksExisting) {
    // Codex skips a hooks.json of the wrong shape whole (an unknown top-level key, a handler
    // that is no table...): the guard merged into it would never run.
    const before = parseConfigFile({
      path: at(SCHEDULE_HOOKS_FILE),
      kind: "hooks-json",
      text: hooksExisting.text,
    });
    const shape = before.syntaxError === undefined ? hookShapeProblems(before)[0] : undefined;
    if (shape !== undefined && before.syntaxError === undefined) {
      return refuse(
        `${SCHEDULE_HOOKS_FILE} line ${before.at(shape.span).line}: ${shape.message}: Codex skips this file whole, every hook in it, so the guard added there would never run; fix it first, nothing was written`,
      );
    }
    const merged = mergeHooksJson(hooksExisting.text);
    if (!merged.ok) {
      return refuse(
        `${SCHEDULE_HOOKS_FILE}: cannot merge the guard hook safely: ${merged.reason}. Nothing was written. Add this PreToolUse group by hand:\n${merged.add}`,
      );
    }
    hooksText = merged.text;
  } else hooksText = newHooksJson();
  const hooksModel = parseConfigFile({
    path: at(SCHEDULE_HOOKS_FILE),
    kind: "hooks-json",
    text: hooksText,
  });
  if (hooksModel.syntaxError !== undefined) {
    return refuse(`${SCHEDULE_HOOKS_FILE}: ${hooksModel.syntaxError.message}`);
  }
  const groups: readonly HookGroup[] = hooksModel.hooks.groups;
  files.push({
    path: at(SCHEDULE_HOOKS_FILE),
    bytes: Buffer.from(hooksText),
    inSkill: false,
    existed: "text" in hooksExisting,
  });

  // The skill's forbidden commands: its tests/suite.json.
  const suiteFile = template.files.find((f) => f.path === "tests/suite.json");
  const suite =
    suiteFile === undefined
      ? {}
      : (readJsonc(suiteFile.bytes.toString("utf8")) as Record<string, unknown>);
  const forbidden = Array.isArray(suite.forbidden)
    ? suite.forbidden.map((entry) => (Array.isArray(entry) ? entry.join(" ") : String(entry)))
    : [];
  const schedule = (suite.schedule ?? {}) as { cron?: string; profile?: string };
  const cron = schedule.cron ?? "0 6 * * *";

  const forbiddenExisting = readExisting(at(".codex/hooks/forbidden.json"));
  if ("problem" in forbiddenExisting)
    return refuse(`.codex/hooks/forbidden.json: ${forbiddenExisting.problem}`);
  const forbiddenMerged = mergeForbidden(
    "text" in forbiddenExisting ? forbiddenExisting.text : undefined,
    name,
    forbidden,
    options.force === true,
  );
  if (!forbiddenMerged.ok) {
    return refuse(
      `.codex/hooks/forbidden.json: cannot add ${name}: ${forbiddenMerged.reason}. Nothing was written. The entry is:\n${forbiddenMerged.add}`,
    );
  }
  files.push({
    path: at(".codex/hooks/forbidden.json"),
    bytes: Buffer.from(forbiddenMerged.text),
    inSkill: false,
    existed: "text" in forbiddenExisting,
  });

  // Files the template owns: written when absent; kept (with a warning) or refused when they
  // differ, as each one's role says.
  const own = (
    rel: string,
    bytes: Buffer,
    onDiffer: "keep" | "refuse",
    mode?: number,
  ): Refusal | undefined => {
    const existing = readExisting(at(rel));
    if ("problem" in existing) return refuse(`${rel}: ${existing.problem}`);
    if ("text" in existing) {
      if (existing.text === bytes.toString("utf8")) return undefined;
      if (onDiffer === "keep" && options.force !== true) {
        kept.push({ path: rel, why: "it exists and differs from the template's; kept as it is" });
        return undefined;
      }
      if (onDiffer === "refuse" && options.force !== true) {
        return refuse(
          `${rel} exists and differs from what the template writes (--force replaces it); nothing was written`,
        );
      }
    }
    files.push({
      path: at(rel),
      bytes,
      inSkill: false,
      existed: "text" in existing,
      ...(mode === undefined ? {} : { mode }),
    });
    return undefined;
  };

  // --- the skill's files, renamed ----------------------------------------------------------------
  const schemaText = renameText(template.schema.toString("utf8"), renames);
  const schemaBytes = Buffer.from(schemaText);
  const forbiddenMap = forbiddenMerged.map ?? {};
  const skillFiles = new Map<string, PlannedFile>();
  for (const file of template.files) {
    const text = textOf(file.bytes);
    let bytes = file.bytes;
    if (text !== undefined) {
      let renamed = renameText(text, renames);
      if (file.path.endsWith("cassette.jsonl")) renamed = rewordBlocked(renamed, forbiddenMap);
      if (file.path === "tests/suite.json") {
        if (profile !== undefined && schedule.profile !== profile)
          renamed = setJsonValue(renamed, ["schedule", "profile"], profile);
        // suite.json's schedule names a profile; the older sandbox has none.
        if (sandbox !== undefined && suite.schedule !== undefined)
          renamed = setJsonValue(renamed, ["schedule"], undefined);
      }
      bytes = Buffer.from(renamed);
    }
    skillFiles.set(file.path, {
      path: join(dir, ...file.path.split("/")),
      bytes,
      mode: file.mode,
      inSkill: true,
      existed: false,
    });
  }

  // SKILL.md: the frontmatter written with gray-matter, then read back as Codex reads it.
  const skillMd = skillFiles.get("SKILL.md");
  if (skillMd === undefined) return refuse(`the template ${templateName} has no SKILL.md`, 2);
  const parsedMatter = matter(skillMd.bytes.toString("utf8"));
  const data = { ...parsedMatter.data, name };
  const written = matter.stringify(parsedMatter.content, data, { lineWidth: -1 } as never);
  const { parseSkill } = await import("@ops-skill/core");
  const readBack = parseSkill(join(dir, "SKILL.md"), Buffer.from(written));
  const codex = readBack.codex;
  if (codex.status !== "loaded" || codex.listing.name !== name) {
    return refuse(
      `the SKILL.md written for ${name} does not load in Codex as ${name} (${codex.status === "loaded" ? `name ${codex.listing.name}` : codex.refusal.reason}); nothing was written`,
      2,
    );
  }
  const description = String((data as { description?: unknown }).description ?? "");
  if (codex.listing.description !== description.replace(/\s+/g, " ").trim()) {
    return refuse(
      `the SKILL.md written for ${name} changes its description when Codex reads it; nothing was written`,
      2,
    );
  }
  skillMd.bytes = Buffer.from(written);

  // Cassette headers: the hashes of the files as they will be.
  const hooksBytes = Buffer.from(hooksText);
  for (const [path, file] of skillFiles) {
    if (!path.endsWith("/cassette.jsonl")) continue;
    try {
      file.bytes = Buffer.from(
        rehashCassette(file.bytes.toString("utf8"), {
          skill: { path: `${skillPath}/SKILL.md`, bytes: skillMd.bytes },
          schemaBytes: (p) => (p === schemaPath ? schemaBytes : readFileSync(at(p))),
          hooks: { path: SCHEDULE_HOOKS_FILE, bytes: hooksBytes },
        }),
      );
    } catch (error) {
      return refuse(`the template's ${path}: ${(error as Error).message}`, 2);
    }
  }
  files.push(...skillFiles.values());

  // --- schema, types, guard, schedule -------------------------------------------------------------
  const refusal =
    own(schemaPath, schemaBytes, "refuse") ??
    own(GUARD_FILE, template.guard, "keep", template.guardMode);
  if (refusal) return refusal;

  const generated =
    cachedTypes(template, schemaFile, schemaBytes) ??
    renamedTypes(template, template.skill, name, skillPath, schemaBytes) ??
    (await generateTypesFor(schemaFile, schemaBytes));
  if (options.signal?.aborted) return refuse("interrupted; nothing was written", 130);
  // A failure to write them (a full disk) is a write failure: exit 1, as documented.
  if (!generated.ok) return refuse(generated.message, 1);
  for (const [file, content] of generated.files) {
    const rel = `schemas/generated/${file}`;
    if (file === ".manifest.json") {
      const merged = mergeManifest(readExisting(at(rel)), content);
      files.push({
        path: at(rel),
        bytes: Buffer.from(merged.text),
        inSkill: false,
        existed: merged.existed,
      });
      continue;
    }
    const r = own(rel, Buffer.from(content), file.startsWith(`${name}.`) ? "refuse" : "keep");
    if (r) return r;
  }

  if (profile !== undefined) {
    const r = own(
      `schedule/${profile}.config.toml`,
      Buffer.from(profileToml(template.profile, profile, info.allowlist)),
      "keep",
    );
    if (r) return r;
  } else {
    warnings.push(
      `--sandbox ${sandbox}: Codex's older sandbox settings give the runbook's commands no network (and ${sandbox === "read-only" ? "no writable folder" : "no network"}), so ${info.tools.join(", ")} cannot reach ${info.endpoints.map((e) => e.host).join(", ")}. A permission profile (the default, --sandbox ${DEFAULT_PROFILE}) extends :read-only with the network on.`,
    );
  }
  files.push({
    path: at("schedule/trust.json"),
    bytes: Buffer.from(scheduleTrustText(groups, SCHEDULE_HOOKS_FILE)),
    inSkill: false,
    existed: existsSync(at("schedule/trust.json")),
  });

  // The prompt the cassettes record (the schedule sends the same one).
  const firstCassette = [...skillFiles.entries()].find(([p]) => p.endsWith("/cassette.jsonl"))?.[1];
  const header =
    firstCassette === undefined
      ? undefined
      : JSON.parse(firstCassette.bytes.toString("utf8").split("\n")[0] as string);
  const prompt: string =
    header?.invocation?.prompt ??
    `Run the ${name} skill (${skillPath}/SKILL.md) and return its report.`;
  const firstScenario = [...skillFiles.entries()].find(([p]) => p.endsWith("/scenario.json"))?.[1];
  const exampleEnv = ((firstScenario &&
    (readJsonc(firstScenario.bytes.toString("utf8")) as { env?: Record<string, string> }).env) ??
    {}) as Record<string, string>;
  const workflowPath = `.github/workflows/${name}.yml`;
  const r1 = own(
    workflowPath,
    Buffer.from(
      scheduledWorkflow({
        name,
        cron,
        profile,
        sandbox,
        prompt,
        schemaPath,
        exampleEnv,
        tools: info.tools,
      }),
    ),
    "refuse",
  );
  if (r1) return r1;
  if (!existsSync(at(".github/workflows/ops-skill.yml"))) {
    files.push({
      path: at(".github/workflows/ops-skill.yml"),
      bytes: Buffer.from(pullRequestWorkflow()),
      inSkill: false,
      existed: false,
    });
  }

  // --- trust in $CODEX_HOME/config.toml ----------------------------------------------------------
  const codexHome = resolve(options.codexHome ?? env.CODEX_HOME ?? join(homedir(), ".codex"));
  const configPath = join(codexHome, "config.toml");
  const guardHooks = trustedHooks(groups, SCHEDULE_HOOKS_FILE).filter((_hook, k) => {
    const handlers = groups.filter((g) => g.event === "PreToolUse").flatMap((g) => g.handlers);
    return handlers[k]?.command === GUARD_COMMAND;
  });
  let realRoot = root;
  try {
    realRoot = (await import("node:fs")).realpathSync.native(root);
  } catch {}
  const tables = trustTables(realRoot, guardHooks);
  const lines = tables.map(tableLines).join("\n");
  let trustPlan: TrustPlan = { append: tables, conflicts: [], present: [] };
  let write: string | undefined;
  if (options.trust === true) {
    const existing = readExisting(configPath);
    if ("problem" in existing) return refuse(`${configPath}: ${existing.problem}`);
    const text = "text" in existing ? existing.text : "";
    const parsed = parseConfigFile({ path: configPath, kind: "config-toml", text });
    if (parsed.syntaxError !== undefined) {
      return refuse(
        `${configPath} does not parse (line ${parsed.syntaxError.line ?? 1}: ${parsed.syntaxError.message}); fix it first, nothing was written`,
      );
    }
    trustPlan = planTrust(parsed, tables);
    if (trustPlan.append.length > 0) {
      write = appendTables(text, trustPlan.append);
      const check = parseConfigFile({ path: configPath, kind: "config-toml", text: write });
      if (check.syntaxError !== undefined || planTrust(check, trustPlan.append).append.length > 0) {
        // Appending would not give a config that trusts (an inline `hooks` table, say).
        trustPlan = {
          append: [],
          conflicts: [...trustPlan.conflicts, ...trustPlan.append],
          present: trustPlan.present,
        };
        write = undefined;
      }
    }
  }

  // Folders whose mode says no write (root would write anyway): refused before anything.
  const readOnly = readOnlyFolder([...new Set(files.map((f) => dirname(f.path)))]);
  if (readOnly !== undefined) {
    return refuse(
      `cannot write in ${relative(root, readOnly.dir) || "."}: it is read-only (mode ${readOnly.mode.toString(8).padStart(4, "0")}); nothing was written`,
    );
  }

  return {
    ok: true,
    plan: {
      name,
      template: templateName,
      root,
      dir,
      files,
      profile,
      sandbox,
      forbidden,
      endpoints: info.endpoints,
      allowlist: profile !== undefined ? info.allowlist : undefined,
      schemaPath,
      workflowPath,
      cron,
      prompt,
      kept,
      trust: { configPath, write, plan: trustPlan, lines },
      warnings,
    },
  };
}

/** The types and validators of the schema, generated as `ops-skill types` does, in a scratch folder. */
export async function generateTypesFor(
  schemaFile: string,
  bytes: Buffer,
): Promise<{ ok: true; files: Map<string, string> } | { ok: false; message: string }> {
  const scratch = mkdtempSync(join(tmpdir(), "create-ops-skill-types-"));
  try {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(scratch, "schemas"));
    writeFileSync(join(scratch, "schemas", schemaFile), bytes);
    // `ops-skill types` itself (its entry loads the code generator alone, not the linter).
    const { runTypes } = await import("@ops-skill/schema/types-command");
    const out = join(scratch, "schemas", "generated");
    const ran = await runTypes({
      cwd: scratch,
      schemas: [join("schemas", schemaFile)],
      outDir: out,
    });
    if (ran.exitCode !== 0) {
      return {
        ok: false,
        // The types command words its failures for its own command line: drop its name.
        message: `the schema's types: ${(ran.errorOutput || ran.output).trim().replace(/^ops-skill: /, "")}`,
      };
    }
    const files = new Map<string, string>();
    for (const file of readdirSync(out).sort())
      files.set(file, readFileSync(join(out, file), "utf8"));
    return { ok: true, files };
  } catch (error) {
    return { ok: false, message: `the schema's types: ${(error as Error).message}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The first folder a write would go into (the nearest that exists) with no write bit at all. */
function readOnlyFolder(dirs: string[]): { dir: string; mode: number } | undefined {
  const seen = new Set<string>();
  for (let dir of dirs) {
    for (;;) {
      if (seen.has(dir)) break;
      seen.add(dir);
      const stat = statSync(dir, { throwIfNoEntry: false });
      if (stat !== undefined) {
        if (stat.isDirectory() && (stat.mode & 0o222) === 0)
          return { dir, mode: stat.mode & 0o7777 };
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** The repository's generated-files manifest with this schema's record added. */
function mergeManifest(existing: Existing, generated: string): { text: string; existed: boolean } {
  if (!("text" in existing)) return { text: generated, existed: false };
  try {
    const old = JSON.parse(existing.text) as {
      generator?: string;
      schemas?: Record<string, unknown>;
      shared?: Record<string, number>;
    };
    const fresh = JSON.parse(generated) as {
      generator: string;
      schemas: Record<string, unknown>;
      shared: Record<string, number>;
    };
    if (old.generator !== fresh.generator || typeof old.schemas !== "object")
      return { text: generated, existed: true };
    const schemas = { ...old.schemas, ...fresh.schemas };
    const sorted = Object.fromEntries(
      Object.keys(schemas)
        .sort()
        .map((k) => [k, schemas[k]]),
    );
    return {
      text: `${JSON.stringify({ generator: fresh.generator, schemas: sorted, shared: { ...(old.shared ?? {}), ...fresh.shared } }, null, 2)}\n`,
      existed: true,
    };
  } catch {
    return { text: generated, existed: true };
  }
}
