import { github } from "./github.js";
import { json } from "./json.js";
import { jsonWithMetadata } from "./json-with-metadata.js";
import { junit } from "./junit.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Formatter } from "./types.js";

/** Formatters by name; each is one file in this folder. */
export const formatters: Record<string, Formatter> = {
  stylish,
  json,
  "json-with-metadata": jsonWithMetadata,
  sarif,
  github,
  junit,
};

export type { FormatContext, Formatter } from "./types.js";
