/**
 * What a check said: a finding's message without the ` (at <pointer>)` that every path (lint,
 * `schema check`, the library) adds below the root, which this asserts is there.
 */
export function said(problem: { pointer: string; message: string }): string {
  if (problem.pointer === "") return problem.message;
  const suffix = ` (at ${problem.pointer})`;
  if (!problem.message.endsWith(suffix))
    throw new Error(`the message does not end with its pointer: ${problem.message}`);
  return problem.message.slice(0, -suffix.length);
}
