/**
 * The call server: the one channel between the tool shims and the test, for both engines. The
 * test runs it on 127.0.0.1 (a random port); each shim is a thin client that sends its tool,
 * argument vector and working directory (and its stdin, when a record compares it) and writes
 * back what the server answers: stdout, stderr, exit code. The server decides every call
 * (call-answer.ts) and keeps the call log in memory, so nothing is written during a run: the
 * shims work under Codex's read-only sandbox, where a permission profile with the network on
 * still allows loopback connections.
 *
 * The wire (docs/testing.md, "The call channel"): the shim sends
 * `ops-skill-call 1\0KEY\0TOOL\0CWD\0ARGC\0ARG1\0...`; the server answers one line,
 * `answer EXIT OUTLEN ERRLEN\n` then OUTLEN bytes of stdout and ERRLEN of stderr, or
 * `stdin ID\n`, and the shim sends its stdin on a second connection
 * (`ops-skill-stdin 1\0KEY\0ID\0` then the bytes up to its end) before the answer comes.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import {
  type CallTable,
  explainUnmatched,
  frozenDate,
  needsStdin,
  pickRecord,
  type ReadBytes,
  relativeDateProblem,
  type TableBytes,
  type TableRecord,
  UNRECORDED_EXIT,
} from "./call-answer.js";
import type { CallLogEntry } from "./shims.js";

const CALL_MAGIC = "ops-skill-call 1";
const STDIN_MAGIC = "ops-skill-stdin 1";
/** A request header larger than this is refused (the arguments of one command line). */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const MAX_STDIN_BYTES = 256 * 1024 * 1024;

export interface CallServerOptions {
  /** How long a call whose stdin a record compares waits for it to end (default 10 s). */
  stdinTimeoutMs?: number;
}

export interface CallServer {
  port: number;
  /** The secret every request carries, so a stray client cannot take part in the run. */
  key: string;
  /** Every call so far, in the order they were decided. */
  calls: CallLogEntry[];
  close(): Promise<void>;
}

const readBytes: ReadBytes = (bytes) => {
  if ("text" in bytes) return Buffer.from(bytes.text, "utf8");
  if ("base64" in bytes) return Buffer.from(bytes.base64, "base64");
  return readFileSync(bytes.file);
};

type Answer = { exit: number; stdout: TableBytes | Buffer; stderr: TableBytes | Buffer };

function sizeOf(bytes: TableBytes | Buffer): number {
  if (bytes === null) return 0;
  if (Buffer.isBuffer(bytes)) return bytes.length;
  if ("file" in bytes) return statSync(bytes.file).size;
  return readBytes(bytes).length;
}

async function writePart(socket: Socket, bytes: TableBytes | Buffer): Promise<void> {
  if (bytes === null) return;
  if (!Buffer.isBuffer(bytes) && "file" in bytes) {
    for await (const chunk of createReadStream(bytes.file)) {
      if (!socket.write(chunk as Buffer)) {
        // Each wait takes its listeners off again: a large file waits thousands of times.
        await new Promise<void>((resolve) => {
          const done = () => {
            socket.off("drain", done);
            socket.off("close", done);
            resolve();
          };
          socket.on("drain", done);
          socket.on("close", done);
        });
      }
      if (socket.destroyed) return;
    }
    return;
  }
  socket.write(Buffer.isBuffer(bytes) ? bytes : readBytes(bytes));
}

async function sendAnswer(socket: Socket, answer: Answer): Promise<void> {
  try {
    const out = sizeOf(answer.stdout);
    const err = sizeOf(answer.stderr);
    socket.write(`answer ${answer.exit} ${out} ${err}\n`);
    await writePart(socket, answer.stdout);
    await writePart(socket, answer.stderr);
  } catch (error) {
    const text = Buffer.from(
      `ops-skill test: the answer cannot be read: ${(error as Error).message}\n`,
    );
    socket.write(`answer ${UNRECORDED_EXIT} 0 ${text.length}\n`);
    socket.write(text);
  }
  socket.end();
}

const problemAnswer = (problem: string): Answer => ({
  exit: UNRECORDED_EXIT,
  stdout: null,
  stderr: Buffer.from(`${problem}\n`),
});

/** Splits NUL-terminated fields off the front of a buffer. */
function takeFields(buffer: Buffer, count: number): { fields: string[]; rest: Buffer } | undefined {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < count) {
    const end = buffer.indexOf(0, at);
    if (end < 0) return undefined;
    fields.push(buffer.toString("utf8", at, end));
    at = end + 1;
  }
  return { fields, rest: buffer.subarray(at) };
}

function runProgram(
  program: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ exit: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd, env, encoding: "buffer" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ exit: code, stdout, stderr });
    });
  });
}

/** Starts the call server of one run. */
export async function startCallServer(
  table: CallTable,
  options: CallServerOptions = {},
): Promise<CallServer> {
  const key = randomBytes(16).toString("hex");
  const calls: CallLogEntry[] = [];
  const uses = new Map<number, number>();
  const stdinTimeoutMs = options.stdinTimeoutMs ?? 10_000;
  const waiting = new Map<string, (stdin: Buffer | null) => void>();
  const sockets = new Set<Socket>();
  let nextStdin = 0;
  const dateEnv: NodeJS.ProcessEnv = { TZ: table.clock.tz, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
  const dateCwd = (cwd: string) => {
    try {
      return statSync(cwd).isDirectory() ? cwd : "/";
    } catch {
      return "/";
    }
  };

  function log(entry: CallLogEntry, record: TableRecord | undefined): void {
    calls.push(entry);
    if (record !== undefined) uses.set(record.id, (uses.get(record.id) ?? 0) + 1);
  }

  /** Decides a call: synchronous up to the log line, so parallel calls each take one record. */
  async function decide(
    tool: string,
    args: string[],
    cwd: string,
    stdin: Buffer | null | undefined,
  ): Promise<Answer> {
    const record = pickRecord(table, { tool, args, stdin }, uses, readBytes);
    const entry: CallLogEntry = {
      seq: calls.length + 1,
      tool,
      args,
      cwd,
      stdin:
        stdin === undefined ? null : stdin === null ? { timedOut: true } : { bytes: stdin.length },
      record: record === undefined ? null : record.id,
    };
    if (record !== undefined) {
      entry.exit = record.exit;
      log(entry, record);
      return { exit: record.exit, stdout: record.stdout, stderr: record.stderr };
    }
    if (tool === "date") {
      const frozen = frozenDate(table, args);
      if ("problem" in frozen) {
        entry.exit = UNRECORDED_EXIT;
        entry.problem = frozen.problem;
        log(entry, undefined);
        return problemAnswer(frozen.problem);
      }
      log(entry, undefined);
      if (frozen.relativeProbe !== undefined) {
        const probe = await runProgram(
          frozen.run[0],
          ["--debug", "-d", frozen.relativeProbe, "+%s"],
          dateCwd(cwd),
          dateEnv,
        );
        if (/using current (time|date)/.test(probe.stderr.toString("utf8"))) {
          const problem = relativeDateProblem(table, args, frozen.relativeProbe);
          entry.exit = UNRECORDED_EXIT;
          entry.problem = problem;
          return problemAnswer(problem);
        }
      }
      entry.clock = true;
      const ran = await runProgram(frozen.run[0], frozen.run[1], dateCwd(cwd), dateEnv);
      return { exit: ran.exit, stdout: ran.stdout, stderr: ran.stderr };
    }
    const problem = explainUnmatched(table, { tool, args, stdin }, uses, readBytes);
    entry.exit = UNRECORDED_EXIT;
    entry.problem = problem;
    log(entry, undefined);
    return problemAnswer(problem);
  }

  function askStdin(socket: Socket): Promise<Buffer | null> {
    const id = String(++nextStdin);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, stdinTimeoutMs);
      waiting.set(id, (stdin) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(stdin);
      });
      socket.write(`stdin ${id}\n`);
    });
  }

  function handle(socket: Socket): void {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let stdinChunks: Buffer[] | undefined;
    let stdinSize = 0;
    let deliver: ((stdin: Buffer | null) => void) | undefined;
    const refuse = (why: string) => {
      started = true;
      void sendAnswer(
        socket,
        problemAnswer(`ops-skill test: the call server refused a request: ${why}`),
      );
    };
    socket.on("data", (chunk: Buffer) => {
      if (stdinChunks !== undefined) {
        stdinSize += chunk.length;
        if (stdinSize > MAX_STDIN_BYTES) socket.destroy();
        else stdinChunks.push(chunk);
        return;
      }
      if (started) return;
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_HEADER_BYTES) return refuse("the request is too large");
      const head = takeFields(buffer, 2);
      if (head === undefined) return;
      const [magic, given] = head.fields as [string, string];
      if (given !== key) return refuse("it does not carry this run's key (a shim of another run?)");
      if (magic === STDIN_MAGIC) {
        const id = takeFields(head.rest, 1);
        if (id === undefined) return;
        started = true;
        deliver = waiting.get(id.fields[0] as string);
        if (deliver === undefined) return void socket.destroy();
        stdinChunks = id.rest.length > 0 ? [id.rest] : [];
        stdinSize = id.rest.length;
        return;
      }
      if (magic !== CALL_MAGIC) return refuse(`unknown request ${JSON.stringify(magic)}`);
      const fixed = takeFields(head.rest, 3);
      if (fixed === undefined) return;
      const [tool, cwd, count] = fixed.fields as [string, string, string];
      const argc = Number(count);
      if (!/^\d+$/.test(count)) return refuse(`the argument count ${JSON.stringify(count)}`);
      const rest = takeFields(fixed.rest, argc);
      if (rest === undefined) return;
      started = true;
      const args = rest.fields;
      void (async () => {
        const stdin = needsStdin(table, tool, args) ? await askStdin(socket) : undefined;
        await sendAnswer(socket, await decide(tool, args, cwd, stdin));
      })();
    });
    socket.on("end", () => {
      if (deliver !== undefined && stdinChunks !== undefined) {
        deliver(Buffer.concat(stdinChunks));
        socket.end();
      }
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    key,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
