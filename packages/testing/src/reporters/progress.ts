/**
 * Progress of a long run for the text reporter: one line on stderr rewritten in place
 * (`[12/100] drift-check/clean`), only when stderr is a terminal and not under CI (nothing in
 * CI logs or when piped), and only once the run has taken longer than a moment. The line is
 * cleared before the report is printed.
 */
import { isCi } from "../goldens.js";

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  update(event: { done: number; total: number; id: string }): void;
  /** Clears the line (call before printing the report). */
  end(): void;
}

/** Shown only past this long, so a short run prints nothing but its report. */
export const PROGRESS_DELAY_MS = 1_000;

export function createProgress(options: {
  stream: ProgressStream;
  env: Record<string, string | undefined>;
  now?: () => number;
  delayMs?: number;
}): Progress {
  const { stream } = options;
  const now = options.now ?? Date.now;
  const quiet = stream.isTTY !== true || isCi(options.env);
  const started = now();
  const delay = options.delayMs ?? PROGRESS_DELAY_MS;
  let shown = false;
  return {
    update({ done, total, id }) {
      if (quiet || now() - started < delay) return;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const line = `[${done}/${total}] ${id}`;
      stream.write(`\r\x1b[2K${line.length > width ? line.slice(0, width) : line}`);
      shown = true;
    },
    end() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
