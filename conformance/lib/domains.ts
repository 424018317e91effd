import { authDomain } from "../auth/record.js";
import { configDomain } from "../config/record.js";
import { contextDomain } from "../context/record.js";
import { doctorDomain } from "../doctor/record.js";
import { hooksDomain } from "../hooks/record.js";
import { mentionsDomain } from "../mentions/record.js";
import { mockDomain } from "../mock/record.js";
import { sandboxDomain } from "../sandbox/record.js";
import { schemaDomain } from "../schema/record.js";
import { skillsDomain } from "../skills/record.js";
import type { Domain } from "./recorder.js";

/** Every conformance domain, in the order `node conformance/record.mjs` records them. */
// biome-ignore lint/suspicious/noExplicitAny: each domain has its own manifest and verdict types.
export const DOMAINS: readonly Domain<any, any>[] = [
  skillsDomain,
  configDomain,
  hooksDomain,
  schemaDomain,
  mentionsDomain,
  mockDomain,
  contextDomain,
  sandboxDomain,
  authDomain,
  doctorDomain,
];
