/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP while the skill is planned and written: the run stops
 * before anything is in place and removes what it made (exit 130), or, past that point,
 * finishes. Returns the signal to pass on and the function that removes the handlers.
 */
export function onInterrupt(): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const name of signals) process.on(name, stop);
  return {
    signal: controller.signal,
    done: () => {
      for (const name of signals) process.off(name, stop);
    },
  };
}
