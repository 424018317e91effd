/** Config text for hooks rule tests. */
/** A file of a test project (the rule tester's shape, repeated so src/ stays self-contained). */
type FileSpec =
  | string
  | Uint8Array
  | { content: string | Uint8Array; mode: number }
  | { symlink: string };

export const DENY_SH = '#!/bin/sh\necho "blocked by policy" >&2\nexit 2\n';

export function tomlHook(
  options: { event?: string; matcher?: string | undefined; command?: string; extra?: string } = {},
): string {
  const event = options.event ?? "PreToolUse";
  const matcher = "matcher" in options ? options.matcher : "Bash";
  return (
    `[[hooks.${event}]]\n` +
    (matcher === undefined ? "" : `matcher = ${JSON.stringify(matcher)}\n`) +
    `\n[[hooks.${event}.hooks]]\ntype = "command"\ncommand = ${JSON.stringify(options.command ?? ".codex/hooks/deny.sh")}\ntimeout = 30\n` +
    (options.extra ?? "")
  );
}

export function jsonHook(
  handler: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
): string {
  return `${JSON.stringify(
    {
      hooks: {
        PreToolUse: [
          {
            matcher: "Bash",
            hooks: [{ type: "command", command: ".codex/hooks/deny.sh", timeout: 30, ...handler }],
          },
        ],
      },
      ...top,
    },
    null,
    2,
  )}\n`;
}

export function project(
  config: string,
  options: {
    json?: boolean;
    scripts?: Record<string, FileSpec>;
  } = {},
) {
  const path = options.json ? ".codex/hooks.json" : ".codex/config.toml";
  return {
    files: {
      [path]: config,
      ".codex/hooks/deny.sh": { content: DENY_SH, mode: 0o755 },
      ...options.scripts,
    },
    paths: [path],
  };
}
