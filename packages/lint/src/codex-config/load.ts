/**
 * Codex config files (`config.toml`, `NAME.config.toml`, `hooks.json`) parsed once with
 * positions, for the `config/` and `hooks/` rules. TOML keeps an ESLint-style AST
 * (toml-eslint-parser) and JSON a jsonc-parser tree, both with offsets.
 */
import type { Node as JsonNode, ParseError as JsonParseError } from "jsonc-parser";
import { parseTree, printParseErrorCode } from "jsonc-parser";
import { type AST, getStaticTOMLValue, ParseError, parseTOML } from "toml-eslint-parser";
import type { ConfigFile } from "../rule.js";

export interface SyntaxProblem {
  message: string;
  offset: number;
  line?: number;
  column?: number;
}

export type ParsedConfigFile =
  | {
      kind: "config-toml";
      ast: AST.TOMLProgram;
      value: Record<string, unknown>;
      syntaxError?: undefined;
    }
  | { kind: "hooks-json"; tree: JsonNode | undefined; value: unknown; syntaxError?: undefined }
  | { kind: ConfigFile["kind"]; syntaxError: SyntaxProblem };

export function parseConfigFile(file: ConfigFile): ParsedConfigFile {
  if (file.kind === "config-toml") {
    try {
      const ast = parseTOML(file.text);
      return {
        kind: "config-toml",
        ast,
        value: getStaticTOMLValue(ast) as Record<string, unknown>,
      };
    } catch (error) {
      if (error instanceof ParseError) {
        return {
          kind: file.kind,
          syntaxError: {
            message: error.message,
            offset: error.index,
            line: error.lineNumber,
            column: error.column + 1,
          },
        };
      }
      throw error;
    }
  }
  const errors: JsonParseError[] = [];
  const tree = parseTree(file.text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    return {
      kind: file.kind,
      syntaxError: { message: printParseErrorCode(first.error), offset: first.offset },
    };
  }
  return { kind: "hooks-json", tree, value: tree ? JSON.parse(file.text) : undefined };
}
