/**
 * A command on a real pseudo-terminal, driven as a user at the keyboard: util-linux `script`
 * (`script -qfec <command> /dev/null`) gives the command a terminal and relays our keys to it,
 * with no native module (`script` is in Debian's and Ubuntu's essential `bsdutils`). `expect`
 * waits for text on the screen (colours and cursor moves removed), `send` types keys.
 */
import { type ChildProcess, spawn } from "node:child_process";

export const KEY = {
  enter: "\r",
  down: "\u001b[B",
  up: "\u001b[A",
  ctrlC: "\u0003",
} as const;

/** Control sequences (colours, cursor moves, erase) removed. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control sequences
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\r/g, "");
}

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

export interface Terminal {
  /** Everything the command wrote to its terminal so far, control sequences removed. */
  screen(): string;
  /** Waits until `text` appears after what earlier calls consumed. */
  expect(text: string | RegExp, timeout?: number): Promise<void>;
  send(keys: string): void;
  /** The command's exit code (script -e passes it on; a signal gives 128 + its number). */
  exited: Promise<number>;
}

export function onTerminal(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Terminal {
  // A terminal of 200 columns (script gives none its size without one around it), then the command.
  const command = `stty cols 200 rows 50 && exec ${argv.map(quote).join(" ")}`;
  const child: ChildProcess = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: options.cwd,
    env: { ...options.env, SHELL: "/bin/sh", TERM: "xterm-256color" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let raw = "";
  let consumed = 0;
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString("utf8");
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => {
      child.stdin?.end();
      for (const wake of waiters) wake();
      resolve(code ?? 128 + (signal === "SIGINT" ? 2 : 15));
    });
  });
  let done = false;
  exited.then(() => {
    done = true;
  });
  return {
    screen: () => plain(raw),
    expect(text, timeout = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const rest = plain(raw).slice(consumed);
          const match = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
          if (match >= 0) {
            const length =
              typeof text === "string"
                ? text.length
                : (rest.slice(match).match(text)?.[0] ?? "").length;
            consumed += match + length;
            finish();
            resolve();
          } else if (done) {
            finish();
            reject(new Error(`the command ended before ${String(text)}:\n${plain(raw)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${String(text)} within ${timeout} ms:\n${plain(raw)}`));
        }, timeout);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    send(keys) {
      child.stdin?.write(keys);
    },
    exited,
  };
}
