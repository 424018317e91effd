/**
 * What a report is checked against, pure: the declared normalisation (volatile values scrubbed,
 * arrays compared as sets), the comparison with the golden as a list of differences by JSON
 * Pointer, and the declared expectations (equals, contains, count).
 */
import { parsePointer, toPointer } from "@ops-skill/schema";
import type { Expectation, ScrubRule } from "./scenario.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** JSON with object keys sorted: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/** The value at a JSON Pointer (no wildcards), or `found: false`. */
export function resolvePointer(
  value: unknown,
  pointer: string,
): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(current) && INDEX.test(segment) && Number(segment) < current.length) {
      current = current[Number(segment)];
    } else if (isObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else return { found: false };
  }
  return { found: true, value: current };
}

/** Calls `visit` on the parent and key of every value a pointer (with `*`) names. */
function visitPointer(
  root: { value: unknown },
  pointer: string,
  visit: (parent: Json | unknown[], key: string | number) => void,
): void {
  const segments = parsePointer(pointer);
  const walk = (parent: Json | unknown[], key: string | number, depth: number) => {
    if (depth === segments.length) {
      visit(parent, key);
      return;
    }
    const current = (parent as Record<string | number, unknown>)[key];
    const segment = segments[depth] as string;
    if (Array.isArray(current)) {
      if (segment === "*") {
        for (let k = 0; k < current.length; k++) walk(current, k, depth + 1);
      } else if (INDEX.test(segment) && Number(segment) < current.length) {
        walk(current, Number(segment), depth + 1);
      }
    } else if (isObject(current)) {
      if (segment === "*") for (const k of Object.keys(current)) walk(current, k, depth + 1);
      else if (Object.hasOwn(current, segment)) walk(current, segment, depth + 1);
    }
  };
  walk(root as unknown as Json, "value", 0);
}

/**
 * A copy of `report` with each scrubbed value replaced, then each declared set sorted (by its
 * elements' canonical JSON), so two reports that differ only there compare equal.
 */
export function normalizeReport(
  report: unknown,
  rules: { scrub: readonly ScrubRule[]; sets: readonly { pointer: string }[] },
): unknown {
  const root = { value: structuredClone(report) };
  for (const rule of rules.scrub) {
    visitPointer(root, rule.pointer, (parent, key) => {
      (parent as Record<string | number, unknown>)[key] = structuredClone(rule.with);
    });
  }
  for (const set of rules.sets) {
    visitPointer(root, set.pointer, (parent, key) => {
      const value = (parent as Record<string | number, unknown>)[key];
      if (!Array.isArray(value)) return;
      const keyed = value.map((element) => [canonicalJson(element), element] as const);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      (parent as Record<string | number, unknown>)[key] = keyed.map(([, element]) => element);
    });
  }
  return root.value;
}

export interface JsonDifference {
  pointer: string;
  /** `missing`: the golden has it, the report not; `unexpected`: the other way round. */
  kind: "changed" | "missing" | "unexpected";
  expected?: unknown;
  actual?: unknown;
}

/** The differences from `expected` to `actual`, by JSON Pointer, in document order. */
export function diffJson(expected: unknown, actual: unknown, limit = 100): JsonDifference[] {
  const differences: JsonDifference[] = [];
  const walk = (a: unknown, b: unknown, path: (string | number)[]) => {
    if (differences.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      const length = Math.max(a.length, b.length);
      for (let k = 0; k < length; k++) {
        if (k >= b.length)
          differences.push({ pointer: toPointer([...path, k]), kind: "missing", expected: a[k] });
        else if (k >= a.length)
          differences.push({ pointer: toPointer([...path, k]), kind: "unexpected", actual: b[k] });
        else walk(a[k], b[k], [...path, k]);
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) {
        if (!Object.hasOwn(b, key)) {
          differences.push({
            pointer: toPointer([...path, key]),
            kind: "missing",
            expected: a[key],
          });
        } else walk(a[key], b[key], [...path, key]);
      }
      for (const key of Object.keys(b)) {
        if (!Object.hasOwn(a, key)) {
          differences.push({
            pointer: toPointer([...path, key]),
            kind: "unexpected",
            actual: b[key],
          });
        }
      }
      return;
    }
    if (!deepEqual(a, b)) {
      differences.push({ pointer: toPointer(path), kind: "changed", expected: a, actual: b });
    }
  };
  walk(expected, actual, []);
  return differences;
}

export interface ExpectationResult {
  expectation: Expectation;
  passed: boolean;
  /** Why it failed, in words. */
  message?: string;
}

export const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

/** Checks one expectation against the report. */
export function checkExpectation(report: unknown, expectation: Expectation): ExpectationResult {
  const at = resolvePointer(report, expectation.pointer);
  const fail = (message: string): ExpectationResult => ({ expectation, passed: false, message });
  if (!at.found) return fail(`${expectation.pointer || "the report"} is not in the report`);
  const value = at.value;
  const where = expectation.pointer || "the report";
  if (expectation.op === "equals") {
    return deepEqual(value, expectation.value)
      ? { expectation, passed: true }
      : fail(`${where} is ${show(value)}, expected ${show(expectation.value)}`);
  }
  if (expectation.op === "count") {
    const count = Array.isArray(value)
      ? value.length
      : isObject(value)
        ? Object.keys(value).length
        : undefined;
    if (count === undefined) return fail(`${where} is ${show(value)}, not an array or object`);
    return count === expectation.value
      ? { expectation, passed: true }
      : fail(`${where} has ${count}, expected ${expectation.value}`);
  }
  const wanted = expectation.value;
  let holds: boolean;
  if (typeof value === "string") holds = typeof wanted === "string" && value.includes(wanted);
  else if (Array.isArray(value)) holds = value.some((element) => deepEqual(element, wanted));
  else if (isObject(value) && isObject(wanted)) {
    holds = Object.entries(wanted).every(
      ([key, member]) => Object.hasOwn(value, key) && deepEqual(value[key], member),
    );
  } else holds = false;
  return holds
    ? { expectation, passed: true }
    : fail(`${where} is ${show(value)}, which does not contain ${show(wanted)}`);
}
