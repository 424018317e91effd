/**
 * config: the config files `codex exec` loads for the run, judged as Codex judges them at start
 * (reference §6, conformance/config): the user config in the run's Codex home, the profile
 * file `NAME.config.toml` for `--profile NAME`, and each project `.codex/config.toml` from the
 * project root down to the cwd when the project is trusted. A file Codex refuses stops the run
 * (exit 1) before it starts; unknown keys are ignored, unless `--strict-config`.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  type ConfigLayer,
  configReadError,
  entryOf,
  findInvalidValues,
  findUnknownKeys,
  isProjectTrusted,
  type LocatedTable,
  modelOf,
  type ParsedConfigFile,
  type ParsedConfigModel,
  PROJECT_IGNORED_KEYS,
  stringOf,
} from "@ops-skill/codex/config";
import { findProjectRoot, isInside, readRegularText } from "@ops-skill/core";
import { SCHEDULE_DIR, TRUST_FILE } from "@ops-skill/testing";
import type { Check, DoctorFix, Location, Verdict } from "../model.js";
import { type RunHome, runHome } from "./_home.js";

/** A config file of the run: where Codex reads it, and where the user edits it. */
interface RunConfigFile {
  layer: ConfigLayer;
  /** Where Codex reads it in the run's home. */
  path: string;
  /** The file the user opens (for a home `ops-skill codex-home` writes: the `schedule/` file). */
  shown: string;
  /** Whether `shown` holds the text Codex reads (so an edit of it is an edit of the config). */
  editable: boolean;
  text?: string;
  /** Codex's refusal to read it. */
  readError?: string;
}

type Parse = (file: { path: string; kind: "config-toml"; text: string }) => ParsedConfigFile;

function readFromDisk(path: string, layer: ConfigLayer): RunConfigFile | undefined {
  const read = readRegularText(path);
  if (read.ok) return { layer, path, shown: path, editable: true, text: read.text };
  const readError = configReadError({ path }, read, layer);
  return readError === undefined
    ? undefined
    : { layer, path, shown: path, editable: true, readError };
}

/** The user config and profile file of the run's home (undefined text: not there). */
function homeFiles(
  home: Exclude<RunHome, { kind: "unknown" }>,
  profile: string | undefined,
): { user?: RunConfigFile; profile?: RunConfigFile; profilePath?: string } {
  const name = profile === undefined ? undefined : `${profile}.config.toml`;
  if (home.kind === "fresh") return {};
  if (home.kind === "dir") {
    const profilePath = name === undefined ? undefined : join(home.dir, name);
    return {
      user: readFromDisk(join(home.dir, "config.toml"), "user"),
      ...(profilePath === undefined ? {} : { profilePath }),
      ...(profilePath === undefined ? {} : { profile: readFromDisk(profilePath, "profile") }),
    };
  }
  const scheduleDir = join(home.root, SCHEDULE_DIR);
  const file = (fileName: string, layer: ConfigLayer, shown: string, editable: boolean) => {
    const found = home.schedule.files.find((f) => f.name === fileName);
    return found === undefined
      ? undefined
      : { layer, path: fileName, shown, editable, text: found.text };
  };
  return {
    user: file("config.toml", "user", join(scheduleDir, TRUST_FILE), false),
    ...(name === undefined
      ? {}
      : {
          profilePath: join(scheduleDir, name),
          profile: file(name, "profile", join(scheduleDir, name), true),
        }),
  };
}

/** The project's `.codex/config.toml` files, from the project root down to `cwd`. */
function projectFiles(projectRoot: string, cwd: string): RunConfigFile[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.unshift(dir);
    if (dir === projectRoot || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return dirs.flatMap((base) => {
    const read = readFromDisk(join(base, ".codex", "config.toml"), "project");
    return read === undefined ? [] : [read];
  });
}

/** Byte offsets of the whole lines from `start` to `end` (the line break after them included). */
function wholeLines(text: string, start: number, end: number): { start: number; end: number } {
  const from = text.lastIndexOf("\n", start - 1) + 1;
  const next = text.indexOf("\n", end);
  return { start: from, end: next < 0 ? text.length : next + 1 };
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * A header line (`[a.b]` or `[[a.b]]`) and its dotted key when written with bare keys (spaces
 * around dots allowed); undefined for a line that is no header.
 */
function tableHeader(line: string): { key: string | undefined } | undefined {
  const text = line.trim();
  if (!text.startsWith("[")) return undefined;
  if (text.startsWith("[[")) return { key: undefined };
  const close = text.indexOf("]");
  if (close < 0) return { key: undefined };
  const parts = text
    .slice(1, close)
    .split(".")
    .map((part) => part.trim());
  return { key: parts.every((part) => BARE_KEY.test(part)) ? parts.join(".") : undefined };
}

/**
 * `[profiles.NAME]` (and `[profiles.NAME.x]`) sections of a config's text, as the content of
 * `NAME.config.toml` (the table's keys top-level) and the ranges to cut; undefined when the
 * profile is not written as such header sections.
 */
export function profileSections(
  text: string,
  name: string,
): { content: string; cuts: { start: number; end: number }[] } | undefined {
  if (!BARE_KEY.test(name)) return undefined;
  const own = `profiles.${name}`;
  const lines = text.split(/(?<=\n)/);
  const cuts: { start: number; end: number }[] = [];
  const top: string[] = [];
  const tables: string[] = [];
  let offset = 0;
  let inside: "top" | "table" | undefined;
  for (const line of lines) {
    const header = tableHeader(line);
    if (header !== undefined) {
      const key = header.key;
      if (key === own) inside = "top";
      else if (key?.startsWith(`${own}.`)) {
        inside = "table";
        tables.push(`[${key.slice(own.length + 1)}]\n`);
      } else inside = undefined;
    } else if (inside === "top") top.push(line);
    else if (inside === "table") tables.push(line);
    if (inside !== undefined) {
      const last = cuts.at(-1);
      if (last !== undefined && last.end === offset) last.end = offset + line.length;
      else cuts.push({ start: offset, end: offset + line.length });
    }
    offset += line.length;
  }
  if (cuts.length === 0) return undefined;
  const parts = [top.join(""), tables.join("")].map((part) => part.trim()).filter(Boolean);
  const content = `${parts.join("\n\n")}\n`;
  return { content, cuts };
}

export const config: Check = async (invocation, context) => {
  const home = runHome(invocation, context);
  const verdicts: Verdict[] = [];
  const make = (
    status: Verdict["status"],
    title: string,
    reason: string,
    extra: { fix?: string; location?: Location; fixes?: DoctorFix[]; consent?: boolean } = {},
  ): Verdict => ({
    check: "config",
    status,
    title,
    reason,
    ...(extra.fix === undefined ? {} : { fix: extra.fix }),
    location: extra.location ?? invocation.location,
    ...(extra.fixes === undefined || extra.fixes.length === 0 ? {} : { fixes: extra.fixes }),
    ...(extra.consent ? { consent: true } : {}),
  });
  const profile = invocation.options.profile;
  if (home.kind === "unknown")
    return [
      make(
        "cannot-tell",
        "which config files Codex loads",
        `The run's Codex home is not known here: ${home.how}.`,
        {
          fix: "Set CODEX_HOME to a folder of the repository, or write the home with `ops-skill codex-home` from schedule/.",
        },
      ),
    ];
  const { parseConfigFile } = await import("@ops-skill/codex/config-parse");
  const parse: Parse = (file) => parseConfigFile(file);
  const fromHome = homeFiles(home, profile);
  const projectRoot = await findProjectRoot(invocation.cwd);
  const userParsed =
    fromHome.user?.text === undefined
      ? undefined
      : parse({ path: fromHome.user.path, kind: "config-toml", text: fromHome.user.text });
  const store = {
    path: fromHome.user?.path ?? "",
    model: userParsed === undefined ? undefined : modelOf(userParsed),
  };
  const trusted = invocation.options.trust || isProjectTrusted(store, projectRoot);
  const files: RunConfigFile[] = [];
  if (fromHome.user !== undefined && !invocation.options.ignoreUserConfig)
    files.push(fromHome.user);
  if (fromHome.profile !== undefined) files.push(fromHome.profile);
  const project = projectFiles(projectRoot, invocation.cwd);
  if (trusted) files.push(...project);
  const consentFor = (path: string) => !isInside(context.root, path);
  const notes: string[] = [];
  const problems: Verdict[] = [];

  // `ops-skill codex-home` writes nothing (and the step fails) when schedule/ is not as documented.
  if (home.kind === "schedule")
    for (const problem of home.schedule.problems)
      problems.push(
        make(
          "breaks",
          `\`ops-skill codex-home\` refuses ${problem.file}`,
          `The run's Codex home is written from ${SCHEDULE_DIR}/ by \`ops-skill codex-home\`, which writes nothing and exits 1 here: ${problem.message}.`,
          {
            fix: `Fix ${problem.file}.`,
            location: {
              file: join(home.root, problem.file),
              line: Math.max(problem.line, 1),
              column: 1,
            },
          },
        ),
      );
  const profileProblem =
    home.kind === "schedule" &&
    home.schedule.problems.some((p) => p.file === join(SCHEDULE_DIR, `${profile}.config.toml`));
  if (profile !== undefined && fromHome.profile === undefined && !profileProblem) {
    problems.push(
      make(
        "breaks",
        `--profile ${profile} has no ${profile}.config.toml`,
        `Codex layers $CODEX_HOME/${profile}.config.toml for \`--profile ${profile}\` and silently ignores a missing one (${home.how}), so none of the profile's settings apply to the run.`,
        {
          fix:
            home.kind === "schedule"
              ? `Add ${SCHEDULE_DIR}/${profile}.config.toml (top-level keys); \`ops-skill codex-home\` copies it into the home.`
              : `Write the profile's settings as top-level keys of ${fromHome.profilePath ?? `$CODEX_HOME/${profile}.config.toml`}.`,
        },
      ),
    );
  }

  for (const file of files) {
    const where = (offset: number | undefined, model?: ParsedConfigModel): Location => {
      if (!file.editable || offset === undefined || model === undefined)
        return { file: file.shown, line: 1, column: 1 };
      const position = model.at({ start: offset, end: offset });
      return { file: file.shown, line: position.line, column: position.column };
    };
    if (file.readError !== undefined) {
      problems.push(
        make(
          "breaks",
          `Codex cannot read ${file.shown}`,
          `codex exec stops at start (exit 1): ${file.readError}`,
          {
            fix: "Make it a regular file Codex can read, or remove it.",
            location: where(undefined),
          },
        ),
      );
      continue;
    }
    const parsed = parse({ path: file.path, kind: "config-toml", text: file.text ?? "" });
    const model = modelOf(parsed);
    if (model === undefined) {
      const error = parsed.syntaxError;
      problems.push(
        make(
          "breaks",
          `${file.shown} is not valid TOML`,
          `codex exec stops at start (exit 1): ${error?.message ?? "a syntax error"}.`,
          {
            fix: "Fix the TOML syntax at this position (`ops-skill lint` shows it).",
            location: file.editable
              ? { file: file.shown, line: error?.line ?? 1, column: error?.column ?? 1 }
              : where(undefined),
          },
        ),
      );
      continue;
    }
    const root = model.root;
    if (root === undefined) continue;
    for (const invalid of findInvalidValues(root))
      problems.push(
        make(
          "breaks",
          `Codex refuses ${file.shown}`,
          `codex exec stops at start (exit 1): ${invalid.message}.`,
          {
            fix: "Use a value Codex accepts (`ops-skill lint` lists them).",
            location: where(invalid.span.start, model),
          },
        ),
      );
    const hooks = entryOf(root, "hooks");
    if (hooks?.value.kind === "array")
      problems.push(
        make(
          "breaks",
          `${file.shown} has the legacy [[hooks]] array`,
          "codex exec stops at start (exit 1): `Error loading config.toml: invalid type: sequence, expected struct HooksToml` in `hooks`.",
          {
            fix: 'Write each hook as [[hooks.PreToolUse]] with matcher = "Bash" and [[hooks.PreToolUse.hooks]] with type = "command", command and timeout.',
            location: where(hooks.keySpan.start, model),
          },
        ),
      );
    if (file.layer !== "project") {
      const legacy = entryOf(root, "profile");
      if (legacy !== undefined) {
        const name = stringOf(legacy.value) ?? "NAME";
        const cut = wholeLines(file.text ?? "", legacy.keySpan.start, legacy.value.span.end);
        problems.push(
          make(
            "breaks",
            `${file.shown} has a top-level \`profile\` key`,
            `codex exec stops at start (exit 1): \`legacy \`profile = ${JSON.stringify(name)}\` config is no longer supported; use \`--profile ${name}\` with \`${name}.config.toml\` instead\`.`,
            {
              fix: `Remove the \`profile\` line, move the profile's settings to ${name}.config.toml and run \`codex exec --profile ${name}\`.`,
              location: where(legacy.keySpan.start, model),
              ...(file.editable
                ? {
                    fixes: [
                      {
                        kind: "edit" as const,
                        path: file.shown,
                        ...cut,
                        text: "",
                        description: `drop the top-level profile key of ${file.shown}`,
                      },
                    ],
                    consent: consentFor(file.shown),
                  }
                : {}),
            },
          ),
        );
      }
      const profiles = entryOf(root, "profiles");
      const table =
        profile !== undefined && profiles?.value.kind === "table"
          ? entryOf(profiles.value as LocatedTable, profile)
          : undefined;
      if (profile !== undefined && table !== undefined) {
        const target = fromHome.profilePath ?? join(dirname(file.shown), `${profile}.config.toml`);
        const sections = file.editable ? profileSections(file.text ?? "", profile) : undefined;
        const fixes: DoctorFix[] =
          sections === undefined || fromHome.profile !== undefined || existsSync(target)
            ? []
            : [
                {
                  kind: "write",
                  path: target,
                  content: sections.content,
                  description: `write [profiles.${profile}] as ${target}`,
                },
                ...sections.cuts.map((cut) => ({
                  kind: "edit" as const,
                  path: file.shown,
                  ...cut,
                  text: "",
                  description: `remove [profiles.${profile}] from ${file.shown}`,
                })),
              ];
        problems.push(
          make(
            "breaks",
            `--profile ${profile} with [profiles.${profile}] in ${file.shown}`,
            `codex exec stops at start (exit 1): \`--profile \`${profile}\` cannot be used while ${file.path} contains legacy \`profile = "${profile}"\` or \`[profiles.${profile}]\` config; move those settings into <CODEX_HOME>/${profile}.config.toml\`.`,
            {
              fix: `Move the keys of [profiles.${profile}] to top-level keys of ${target} and remove the table.`,
              location: where(table.keySpan.start, model),
              fixes,
              consent: fixes.some((f) => consentFor(f.path)),
            },
          ),
        );
      }
    }
    for (const unknown of findUnknownKeys(root)) {
      if (unknown.fatal) continue;
      if (invocation.options.strictConfig)
        problems.push(
          make(
            "breaks",
            `--strict-config and an unknown key in ${file.shown}`,
            `codex exec --strict-config stops at start (exit 1): \`unknown configuration field \`${unknown.path}\`\`.`,
            {
              fix: `Remove \`${unknown.path}\` or fix its name, or run without --strict-config (Codex then ignores it).`,
              location: where(unknown.entry.keySpan.start, model),
            },
          ),
        );
      else
        notes.push(
          `Codex ignores the unknown key \`${unknown.path}\` of ${file.shown} (with --strict-config it would refuse to start).`,
        );
    }
    if (file.layer === "project")
      for (const entry of root.entries)
        if (PROJECT_IGNORED_KEYS.includes(entry.key))
          notes.push(`Codex ignores \`${entry.key}\` in the project config ${file.shown}.`);
  }
  if (!trusted && project.length > 0)
    notes.push(
      `The project ${projectRoot} is not trusted, so Codex leaves ${project.map((f) => f.shown).join(", ")} unloaded (warning: Untrusted project-local configuration is disabled).`,
    );
  if (problems.length > 0) return problems;
  const loaded = files.map((f) => f.shown);
  verdicts.push(
    make(
      "works",
      loaded.length > 0
        ? `Codex loads ${loaded.length} config file${loaded.length === 1 ? "" : "s"}`
        : "Codex loads no config file",
      [
        loaded.length > 0
          ? `Codex starts with ${loaded.join(", ")} (${home.how})${invocation.options.strictConfig ? " under --strict-config" : ""}: each parses and holds no value Codex refuses.`
          : `There is no config file in the run's Codex home (${home.how}) or a trusted project: Codex starts with its defaults.`,
        ...notes,
      ].join(" "),
    ),
  );
  return verdicts;
};
