/**
 * The `sandbox` check: which sandbox the run's commands get and what decided it (a flag, a
 * `-c`, a config file and line), as Codex 0.169.0 decides it (`effectiveSandbox`, measured in
 * conformance/sandbox). It breaks when Codex refuses the setting, when a profile grants no
 * access at all, when a `--sandbox` flag or `-c sandbox_mode` overrides a permission profile that
 * would have given the network the skills need, and when the setting gives no network to skills
 * that need it.
 */
import type { SandboxOrigin } from "@ops-skill/codex/config";
import { readRegularText } from "@ops-skill/core";
import type { Check, DoctorFix, Invocation, Verdict } from "../model.js";
import {
  describeNetwork,
  describeSetting,
  needPlace,
  originLocation,
  profileName,
  profileText,
  runNeeds,
  sandboxRun,
  writeProfileFix,
} from "./_sandbox-run.js";

export const sandboxCheck: Check = async (invocation, context) => {
  const run = await sandboxRun(invocation, context);
  const sandbox = run.sandbox;
  if (sandbox === undefined)
    return [
      {
        check: "sandbox",
        status: "cannot-tell",
        title: "the run's sandbox is not known",
        reason: `No --sandbox flag decides it, and the config files that do are in the run's Codex home: ${run.home.how}.`,
        fix: "Set CODEX_HOME in the schedule to a folder the doctor can read, or run with --profile and a profile file in schedule/.",
        location: invocation.location,
      },
    ];
  if (run.broken.length > 0)
    return [
      {
        check: "sandbox",
        status: "cannot-tell",
        title: `${run.broken.join(", ")} does not parse`,
        reason:
          "Codex refuses to start with a config file it cannot parse (the config check says where), so no sandbox applies.",
        fix: "Fix the file's TOML; the sandbox is decided from it once Codex can read it.",
        location: invocation.location,
      },
    ];
  const setting = describeSetting(sandbox);
  if (sandbox.error !== undefined) {
    const name = sandbox.profile?.value ?? "";
    return [
      {
        check: "sandbox",
        status: "breaks",
        title: `Codex refuses to start: ${sandbox.error.value}`,
        reason: `codex exec exits 1 before the first model turn when default_permissions names no profile it knows (built-ins: :read-only, :workspace, :danger-full-access).`,
        fix: `Define the profile in the same file:\n${profileText(name.startsWith(":") ? profileName(invocation) : name)}`,
        location: originLocation(sandbox.error.origin, invocation),
      },
    ];
  }
  if (sandbox.readsNothing) {
    const name = sandbox.profile?.value ?? "";
    return [
      {
        check: "sandbox",
        status: "breaks",
        title: `the permission profile ${name} extends nothing: no command can start`,
        reason:
          "A permission profile without `extends` grants no read access at all: Codex's sandbox cannot even start the shell (bwrap: execvp ... No such file or directory), and every command fails.",
        fix: `Add \`extends = ":read-only"\` to [permissions.${name}].`,
        location: originLocation(sandbox.profile?.origin, invocation),
      },
    ];
  }
  const network = runNeeds(run).filter((need) => need.network !== "none");
  const overridden = sandbox.overridden.map(
    (o) =>
      `${o.setting === "profile" ? "default_permissions" : "sandbox_mode"} = "${o.value}" (${describeOriginShort(o.origin)}) is overridden`,
  );
  if (network.length > 0 && sandbox.network.value === "none") {
    const tools = [...new Set(network.map((n) => n.display))].join(", ");
    const first = network[0];
    const needText = `${tools} need the network (${first ? needPlace(first, context) : ""}${network.length > 1 ? ", ..." : ""})`;
    const without = run.withoutOverride;
    const mode = sandbox.mode;
    if (
      without !== undefined &&
      without.setting === "profile" &&
      without.error === undefined &&
      without.network.value !== "none" &&
      (mode?.origin.kind === "flag" || mode?.origin.kind === "override")
    ) {
      const what =
        mode.origin.kind === "flag"
          ? `${mode.origin.flag}${mode.origin.value !== undefined ? ` ${mode.origin.value}` : ""}`
          : `-c ${mode.origin.key}=...`;
      const fixes = mode.origin.kind === "flag" ? dropSandboxFlag(invocation) : [];
      return [
        {
          check: "sandbox",
          status: "breaks",
          title: `${what} overrides the permission profile ${without.profile?.value}, which gives the network`,
          reason: `A --sandbox flag or a sandbox_mode beats default_permissions (measured), so the run gets ${setting}: ${describeNetwork(sandbox)}. ${needText}; they fail and the report says "error".`,
          fix: `Remove ${what} from the command line: the profile then applies.`,
          location: invocation.location,
          ...(fixes.length > 0 ? { fixes } : {}),
        },
      ];
    }
    return [
      {
        check: "sandbox",
        status: "breaks",
        title: `the run gets ${mode?.value ?? "a"} sandbox: no network, and ${tools} need it`,
        reason: `The run gets ${setting}: ${describeNetwork(sandbox)}. ${needText}; they fail and the report says "error".`,
        fix: `Run with a permission profile that is read-only on disk with the network on, and no --sandbox flag or sandbox_mode anywhere: \`codex exec --profile ${profileName(invocation)}\` with $CODEX_HOME/${profileName(invocation)}.config.toml:\n${profileText(profileName(invocation))}`,
        location: originLocation(mode?.origin, invocation),
        ...writeProfileFix(invocation, context, run),
      },
    ];
  }
  const verdict: Verdict = {
    check: "sandbox",
    status: "works",
    title: `the run gets ${setting}`,
    reason: [
      `Commands get ${describeNetwork(sandbox)}, and ${sandbox.writeEverywhere ? "may write anywhere" : sandbox.writableRoots.length > 0 ? `may write ${sandbox.writableRoots.map((r) => r.path).join(", ")}` : "may write nowhere"}.`,
      ...(overridden.length > 0 ? [`${overridden.join("; ")}.`] : []),
      network.length > 0
        ? `The skills' network needs (${[...new Set(network.map((n) => n.display))].join(", ")}) are checked by the network check.`
        : "",
    ]
      .filter(Boolean)
      .join(" "),
    location: originLocation(
      sandbox.setting === "profile" ? sandbox.profile?.origin : sandbox.mode?.origin,
      invocation,
    ),
  };
  return [verdict];
};

function describeOriginShort(origin: SandboxOrigin): string {
  switch (origin.kind) {
    case "file":
      return `${origin.path}:${origin.line}`;
    case "override":
      return `-c ${origin.key}`;
    case "flag":
      return origin.flag;
    default:
      return "default";
  }
}

/** ` --sandbox VALUE`, ` --sandbox=VALUE`, ` -s VALUE`, the value maybe quoted, from the first blank before it. */
const SANDBOX_FLAG =
  /(?<![ \t])[ \t]+(?:--sandbox(?:=|[ \t]+)|-s[ \t]+)(["']?)([A-Za-z-]+)\1(?=[\s;|&)]|$)/g;

/**
 * The edit that removes the run's `--sandbox VALUE` (`--sandbox=VALUE`, `-s VALUE`) from the
 * schedule file: only when the command's text holds exactly one.
 */
export function dropSandboxFlag(invocation: Invocation): DoctorFix[] {
  const value = invocation.options.sandbox;
  if (value === undefined || invocation.source.file === "<command>") return [];
  const read = readRegularText(invocation.source.file);
  if (!read.ok) return [];
  const text = read.text;
  // The command: from the line of `codex exec` to the first line end not continued by `\`.
  let start = 0;
  for (let line = 1; line < invocation.location.line; line++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return [];
    start = next + 1;
  }
  let end = start;
  for (;;) {
    const next = text.indexOf("\n", end);
    if (next < 0) {
      end = text.length;
      break;
    }
    end = next;
    if (!/\\\r?$/.test(text.slice(start, next))) break;
    end = next + 1;
  }
  const command = text.slice(start, end);
  const matches = [...command.matchAll(SANDBOX_FLAG)].filter((m) => m[2] === value);
  const match = matches[0];
  if (matches.length !== 1 || match === undefined) return [];
  return [
    {
      kind: "edit",
      path: invocation.source.file,
      start: start + match.index,
      end: start + match.index + match[0].length,
      text: "",
      description: `remove ${match[0].trim()} from the codex exec of ${invocation.source.name}`,
    },
  ];
}
