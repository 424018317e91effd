/**
 * What the fault tests need around the built `ops-skill` binary: a project tree built in a
 * fresh temporary folder (with a sibling `outside/` for links that leave it), a snapshot of
 * every entry (type, mode, owner, inode, content hash) to prove nothing was touched, and one
 * way to run the CLI under the faults a CI runner meets: a full disk (`prlimit --fsize`), an
 * unprivileged user (`setpriv`), a full, closed or broken stdout, and a timeout that kills a
 * hang instead of waiting for it.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { bin } from "../../packages/cli/test/run-cli.js";

/** The unprivileged user and group the runs that need a real EACCES take (`nobody`). */
export const NOBODY = 65534;

/** A project in a temporary folder: `<root>/project` is linted, `<root>/outside` is not. */
export class Tree {
  readonly root: string;
  readonly project: string;
  readonly outside: string;

  constructor(prefix = "ops-skill-faults-") {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    // World-readable, so a run as `nobody` reaches the files a probe means it to reach.
    chmodSync(this.root, 0o755);
    this.project = join(this.root, "project");
    this.outside = join(this.root, "outside");
    mkdirSync(this.project, { mode: 0o755 });
    mkdirSync(this.outside, { mode: 0o755 });
    // A repository root, so the project root Codex (and the linter) finds is this folder.
    mkdirSync(join(this.project, ".git"));
  }

  /** A path relative to the project (`../outside/x` leaves it). */
  path(rel: string): string {
    return resolve(this.project, rel);
  }

  file(rel: string, content: string | Uint8Array, mode?: number): this {
    const path = this.path(rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    if (mode !== undefined) chmodSync(path, mode);
    return this;
  }

  dir(rel: string, mode?: number): this {
    const path = this.path(rel);
    mkdirSync(path, { recursive: true });
    if (mode !== undefined) chmodSync(path, mode);
    return this;
  }

  fifo(rel: string): this {
    const path = this.path(rel);
    mkdirSync(dirname(path), { recursive: true });
    execFileSync("mkfifo", ["-m", "0644", path]);
    return this;
  }

  /** A symbolic link at `rel` holding `target` as written (relative to the link's folder). */
  link(rel: string, target: string): this {
    const path = this.path(rel);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path);
    return this;
  }

  hardlink(rel: string, existing: string): this {
    const path = this.path(rel);
    mkdirSync(dirname(path), { recursive: true });
    linkSync(this.path(existing), path);
    return this;
  }

  chmod(rel: string, mode: number): this {
    chmodSync(this.path(rel), mode);
    return this;
  }

  chown(rel: string, uid: number, gid = uid): this {
    chownSync(this.path(rel), uid, gid);
    return this;
  }

  read(rel: string): Buffer {
    return readFileSync(this.path(rel));
  }

  /** Every entry under the root, by its path relative to the project. */
  snapshot(): Snapshot {
    const entries: Snapshot = new Map();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        const rel = relative(this.project, path).split(sep).join("/");
        const entry = describe(path);
        entries.set(rel, entry);
        if (entry.type === "dir") walk(path);
      }
    };
    walk(this.root);
    return entries;
  }

  remove(): void {
    // A probe may leave folders nobody can enter; root can, but make sure of it first.
    try {
      execFileSync("chmod", ["-R", "u+rwX", this.root], { stdio: "ignore" });
    } catch {}
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Entry {
  type: "file" | "dir" | "symlink" | "fifo" | "char" | "block" | "socket";
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  nlink: number;
  mtimeMs: number;
  size: number;
  /** sha256 of a regular file's bytes; the target of a link. */
  content?: string;
}

export type Snapshot = Map<string, Entry>;

function describe(path: string): Entry {
  const s = lstatSync(path);
  const type = s.isFile()
    ? "file"
    : s.isDirectory()
      ? "dir"
      : s.isSymbolicLink()
        ? "symlink"
        : s.isFIFO()
          ? "fifo"
          : s.isCharacterDevice()
            ? "char"
            : s.isBlockDevice()
              ? "block"
              : "socket";
  const entry: Entry = {
    type,
    mode: s.mode & 0o7777,
    uid: s.uid,
    gid: s.gid,
    ino: s.ino,
    nlink: s.nlink,
    mtimeMs: s.mtimeMs,
    size: s.size,
  };
  // Never open what is not a regular file: a FIFO would block the test itself.
  if (type === "file")
    entry.content = createHash("sha256").update(readFileSync(path)).digest("hex");
  if (type === "symlink") entry.content = readlinkSync(path);
  return entry;
}

/** How a run's stdout is wired: a pipe we read, `/dev/full`, closed (`>&-`), or a pipe nobody reads (`| head -c0`). */
export type Stdout = "pipe" | "full" | "closed" | "broken";

export interface RunSpec {
  args: readonly string[];
  cwd: string;
  /** Run as `nobody` (uid and gid 65534, no groups), for a real EACCES. */
  asNobody?: boolean;
  /** `prlimit --fsize`: the first write past this many bytes is short, the next fails with EFBIG. */
  fsize?: number;
  stdout?: Stdout;
  /** Killed (with every process it started) after this long. */
  timeoutMs: number;
}

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** The command line for a spec: node and the binary, wrapped in what sets the fault up. */
export function commandFor(spec: RunSpec): string[] {
  let command = [process.execPath, bin, ...spec.args];
  if (spec.stdout === "closed") command = ["sh", "-c", 'exec "$@" >&-', "sh", ...command];
  if (spec.asNobody)
    command = [
      "setpriv",
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      "--clear-groups",
      "--",
      ...command,
    ];
  if (spec.fsize !== undefined) command = ["prlimit", `--fsize=${spec.fsize}`, ...command];
  return command;
}

/** Runs the built binary as a spec says, without blocking this process, and never longer than its timeout. */
export function runCli(spec: RunSpec): Promise<RunOutcome> {
  const [command, ...args] = commandFor(spec) as [string, ...string[]];
  const full = spec.stdout === "full" ? openSync("/dev/full", "w") : undefined;
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: spec.cwd,
    detached: true,
    stdio: ["ignore", full ?? "pipe", "pipe"],
    // nobody's home in /etc/passwd: the caller's (root's) would be unreadable to it.
    env: {
      ...withoutColour(process.env),
      NO_COLOR: "1",
      ...(spec.asNobody ? { HOME: "/nonexistent" } : {}),
    },
  });
  if (full !== undefined) closeSync(full);
  if (spec.stdout === "broken") child.stdout?.destroy();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stdout?.on("error", () => {});
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {}
  }, spec.timeoutMs);
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        ms: Math.round(performance.now() - started),
        timedOut,
      });
    });
  });
}

function withoutColour(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.FORCE_COLOR;
  return copy;
}
