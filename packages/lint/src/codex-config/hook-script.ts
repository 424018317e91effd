/**
 * How a PreToolUse hook script tries to block, read from its text. Codex 0.169.0 blocks a
 * command only on exit 2 with a non-empty reason on stderr, on `{"hookSpecificOutput":
 * {"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":R}}` or on
 * `{"decision":"block","reason":R}` printed with exit 0 (reference §5). Everything else lets
 * the command run. The reading is textual: it finds the forms Codex ignores.
 */

export type ScriptLanguage = "shell" | "python" | "javascript" | "other";

export interface ScriptFinding {
  /** What Codex does with it, in a sentence. */
  message: string;
  /** 1-based line in the script. */
  line: number;
  kind:
    | "decision-deny"
    | "decision-approve"
    | "decision-ask"
    | "block-without-reason"
    | "top-level-permission-decision"
    | "deny-without-reason"
    | "exit-1"
    | "exit-2-stdout"
    | "exit-2-silent";
}

export interface ScriptAnalysis {
  language: ScriptLanguage;
  findings: ScriptFinding[];
  /** The script has a form Codex honours (exit 2 with stderr, a deny or block with a reason). */
  hasWorkingBlock: boolean;
}

export function scriptLanguage(path: string, text: string): ScriptLanguage {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text)?.slice(1).join(" ") ?? "";
  if (/python/.test(shebang) || /\.py$/.test(path)) return "python";
  if (/\b(node|deno|bun)\b/.test(shebang) || /\.(c|m)?[jt]s$/.test(path)) return "javascript";
  if (/\b(sh|bash|zsh|dash|ksh)\b/.test(shebang) || /\.(sh|bash|zsh)$/.test(path) || shebang === "")
    return "shell";
  return "other";
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/**
 * Reads a hook script (or an inline command, as shell) for block attempts Codex ignores.
 */
export function analyzeHookScript(text: string, language: ScriptLanguage): ScriptAnalysis {
  const findings: ScriptFinding[] = [];
  const code = language === "other" ? text : stripComments(text, language);
  let hasWorkingBlock = false;

  // --- JSON decisions -----------------------------------------------------------------------
  const key = (name: string) => String.raw`\\?["']?${name}\\?["']?\s*[:=]\s*\\?["']`;
  const decisionRe = new RegExp(`${key("decision")}(\\w+)`, "g");
  for (const match of code.matchAll(decisionRe)) {
    const value = match[1] as string;
    const line = lineAt(code, match.index);
    const around = objectAround(code, match.index);
    if (value === "block") {
      if (hasNonEmpty(around, "reason")) hasWorkingBlock = true;
      else
        findings.push({
          kind: "block-without-reason",
          line,
          message: '`{"decision": "block"}` without a non-empty `"reason"` is ignored',
        });
    } else if (value === "deny") {
      findings.push({
        kind: "decision-deny",
        line,
        message:
          '`{"decision": "deny"}` is not a Codex decision (Codex knows `"decision": "block"` with a `"reason"`)',
      });
    } else if (value === "approve" || value === "allow") {
      findings.push({
        kind: "decision-approve",
        line,
        message: `\`{"decision": "${value}"}\` is not a Codex decision; Codex ignores it`,
      });
    }
  }
  const permissionRe = new RegExp(`${key("permissionDecision")}(\\w+)`, "g");
  const nested = /hookSpecificOutput/.test(code);
  for (const match of code.matchAll(permissionRe)) {
    const value = match[1] as string;
    const line = lineAt(code, match.index);
    if (!nested) {
      findings.push({
        kind: "top-level-permission-decision",
        line,
        message:
          "a top-level `permissionDecision` is ignored; Codex reads it only inside `hookSpecificOutput`",
      });
      continue;
    }
    if (value === "deny") {
      if (hasNonEmpty(objectAround(code, match.index), "permissionDecisionReason"))
        hasWorkingBlock = true;
      else
        findings.push({
          kind: "deny-without-reason",
          line,
          message:
            '`"permissionDecision": "deny"` without a non-empty `"permissionDecisionReason"` is ignored',
        });
    } else if (value === "ask") {
      findings.push({
        kind: "decision-ask",
        line,
        message: '`"permissionDecision": "ask"` is ignored in `codex exec` (nobody is asked)',
      });
    }
  }

  // --- Exit codes ---------------------------------------------------------------------------
  const exits = exitSites(code, language);
  const exit2 = exits.filter((e) => e.code === 2);
  for (const site of exit2) {
    const output = outputBefore(code, site.offset, language);
    if (output.stderr) {
      hasWorkingBlock = true;
      continue;
    }
    if (output.stdout)
      findings.push({
        kind: "exit-2-stdout",
        line: lineAt(code, site.offset),
        message:
          "exit 2 with the reason on stdout does not block; Codex takes the reason from stderr",
      });
    else
      findings.push({
        kind: "exit-2-silent",
        line: lineAt(code, site.offset),
        message: "exit 2 without a reason on stderr does not block",
      });
  }
  const ignoredDecisions = findings.some((f) =>
    ["decision-deny", "top-level-permission-decision", "deny-without-reason"].includes(f.kind),
  );
  if (exit2.length === 0 && !hasWorkingBlock && !ignoredDecisions) {
    for (const site of exits.filter((e) => e.code === 1)) {
      if (!outputBefore(code, site.offset, language).any) continue;
      findings.push({
        kind: "exit-1",
        line: lineAt(code, site.offset),
        message: "exit 1 does not block (Codex blocks on exit 2 with the reason on stderr)",
      });
    }
  }
  // An approve is only a problem in a script that tries to block in a form Codex ignores (an
  // approve/deny pair from another tool's API); next to a working block, or alone, it is harmless:
  // the command runs either way.
  const blockAttempts = findings.filter((f) => f.kind !== "decision-approve");
  const kept = hasWorkingBlock || blockAttempts.length === 0 ? blockAttempts : findings;
  return { language, findings: kept, hasWorkingBlock };
}

function stripComments(text: string, language: ScriptLanguage): string {
  // Keep offsets: blank out comments, keep newlines.
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  if (language === "javascript")
    return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/[^\n]*/g, (m) => blank(m));
  // shell and python: `#` starts a comment at the start of a word
  return text.replace(
    /(^|[\s;])#(?!!)[^\n]*/g,
    (m, lead: string) => lead + blank(m.slice(lead.length)),
  );
}

/** The `{ ... }` around an offset, on the same statement (a few lines either side at most). */
function objectAround(code: string, offset: number): string {
  const from = Math.max(0, offset - 400);
  const to = Math.min(code.length, offset + 400);
  const before = code.slice(from, offset);
  const after = code.slice(offset, to);
  const open = before.lastIndexOf("{");
  let depth = 0;
  let close = after.length;
  for (let i = 0; i < after.length; i++) {
    if (after[i] === "{") depth++;
    if (after[i] === "}") {
      if (depth === 0) {
        close = i + 1;
        break;
      }
      depth--;
    }
  }
  // A nested object: widen to its parent so sibling keys count.
  return (
    (open === -1 ? before : before.slice(open)) +
    after.slice(0, close) +
    after.slice(close, close + 200)
  );
}

function hasNonEmpty(text: string, name: string): boolean {
  const re = new RegExp(String.raw`\\?["']?${name}\\?["']?\s*[:=]\s*(\\?["'])?([^"'\\,}\s])`);
  if (re.test(text)) return true;
  // A variable or expression as the value (`"reason": $reason`, `reason=msg`).
  return new RegExp(String.raw`\\?["']?${name}\\?["']?\s*[:=]\s*[^"'\s,}]`).test(text);
}

interface ExitSite {
  code: number;
  offset: number;
}

function exitSites(code: string, language: ScriptLanguage): ExitSite[] {
  const patterns: RegExp[] =
    language === "python"
      ? [/\b(?:sys\.exit|os\._exit|exit|quit)\(\s*(\d+)\s*\)/g]
      : language === "javascript"
        ? [/\bprocess\.exit\(\s*(\d+)\s*\)/g, /\bprocess\.exitCode\s*=\s*(\d+)/g]
        : [/(?:^|[\s;&|{(])exit\s+(\d+)\b/g];
  const sites: ExitSite[] = [];
  for (const pattern of patterns)
    for (const match of code.matchAll(pattern)) {
      const offset = match.index + match[0].search(/exit|process|sys|os|quit/);
      sites.push({ code: Number(match[1]), offset });
    }
  return sites.sort((a, b) => a.offset - b.offset);
}

/**
 * What the script writes in the few statements before an exit, in the same block: to stderr,
 * to stdout, or anything at all.
 */
function outputBefore(
  code: string,
  offset: number,
  language: ScriptLanguage,
): { stderr: boolean; stdout: boolean; any: boolean } {
  const lineStart = code.lastIndexOf("\n", offset - 1) + 1;
  const lines = code.slice(0, lineStart).split("\n");
  lines.pop();
  const window = [code.slice(lineStart, offset)];
  const exitIndent = indentOf(code.slice(lineStart, offset + 1));
  for (let i = lines.length - 1; i >= 0 && window.length < 12; i--) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    if (/(^|[\s;])(exit\s+\d|sys\.exit|process\.exit)/.test(line)) break;
    const indent = indentOf(line);
    window.unshift(line);
    if (indent < exitIndent) break;
  }
  const text = window.join("\n");
  let stderr: boolean;
  let stdout: boolean;
  if (language === "python") {
    stderr = /file\s*=\s*sys\.stderr|sys\.stderr\.write|logging\./.test(text);
    stdout = /\bprint\(|sys\.stdout\.write|json\.dump\(/.test(
      text.replace(/print\([^)]*file\s*=\s*sys\.stderr[^)]*\)/g, ""),
    );
  } else if (language === "javascript") {
    stderr = /console\.error\(|process\.stderr\.write|console\.warn\(/.test(text);
    stdout = /console\.log\(|process\.stdout\.write/.test(text);
  } else {
    const writes = text.split(/[;\n]|&&|\|\|/).filter((s) => /\b(echo|printf|cat|jq)\b/.test(s));
    stderr =
      writes.some((s) => />&2|\/dev\/stderr/.test(s)) ||
      /exec\s+1>&2|>&2\s*(echo|printf)/.test(text);
    stdout = writes.some((s) => !/(1?>&2|\/dev\/stderr|>\s*\S)/.test(s));
  }
  return { stderr, stdout, any: stderr || stdout };
}

function indentOf(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0] ?? "").replace(/\t/g, "    ").length;
}
