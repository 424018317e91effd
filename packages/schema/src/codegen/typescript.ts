import { SchemaProblems } from "./errors.js";

/**
 * TypeScript declarations for one schema with json-schema-to-typescript, without prettier:
 * `format: false` and our own re-indentation (`formatDeclarations`), which is deterministic,
 * depends on no prettier version or configuration, and costs nothing next to prettier's ~12 ms a
 * schema plus ~80 ms to load it.
 */
export async function compileDeclarations(
  schema: Record<string, unknown>,
  typeName: string,
  cwd: string,
): Promise<string> {
  const { compile } = await import("json-schema-to-typescript");
  // The root type is named after the file, not its title, so that `parse<Name>` and the type
  // agree whatever the title says.
  // (json-schema-to-typescript deep-clones its input: a shallow copy is enough here.)
  const input = { ...schema, title: typeName };
  let code: string;
  // json-schema-to-typescript prints its own schema checks' findings with console.error and
  // throws an error without a message: catch the lines to put them in ours.
  const printed: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    printed.push(
      args
        .flat()
        .map((a) => (typeof a === "string" ? a : JSON.stringify(a)))
        .join(" "),
    );
  };
  try {
    code = await compile(input as Parameters<typeof compile>[0], typeName, {
      bannerComment: "",
      format: false,
      cwd,
      // Never read or fetch anything: the run refuses non-local refs before this point, and this
      // keeps json-schema-ref-parser from resolving any it would miss.
      $refOptions: {
        resolve: { external: false, file: false, http: false },
      },
      additionalProperties: true,
      strictIndexSignatures: true,
      unknownAny: true,
      ignoreMinAndMaxItems: true,
      declareExternallyReferenced: true,
      enableConstEnums: false,
      inferStringEnumKeysFromValues: false,
      unreachableDefinitions: false,
    });
  } catch (error) {
    const said = [(error as Error).message, ...printed.map(plain)].filter((m) => m.trim() !== "");
    throw new SchemaProblems([
      {
        message: `json-schema-to-typescript rejected the schema: ${said.join("; ") || "no reason given"}`,
      },
    ]);
  } finally {
    console.error = consoleError;
  }
  if (!new RegExp(`^export (?:interface ${typeName} |type ${typeName} =)`, "m").test(code))
    throw new SchemaProblems([
      {
        message: `json-schema-to-typescript did not name the report type "${typeName}" (a definition probably has that name or title): rename the definition`,
      },
    ]);
  return formatDeclarations(code);
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Without terminal colours (with VERBOSE set) and json-schema-to-typescript's "error" prefix. */
function plain(line: string): string {
  return line
    .replace(ANSI_COLOUR, "")
    .replace(/^error\s+/, "")
    .trim();
}

/**
 * Re-indents json-schema-to-typescript's unformatted output (two spaces a level), skipping
 * strings and comments, trims trailing spaces and collapses blank lines. Brackets opened on one
 * line indent what follows by one level however many they are. The same input always gives the
 * same output.
 */
export function formatDeclarations(code: string): string {
  const out: string[] = [];
  // For each open bracket, the indentation level of the line that opened it.
  const open: number[] = [];
  let inComment = false;
  const inner = () => (open.length === 0 ? 0 : (open[open.length - 1] as number) + 1);
  for (const raw of code.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (line === "") {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
      continue;
    }
    let level: number;
    if (inComment) {
      level = inner();
      out.push(`${"  ".repeat(level)}${line.startsWith("*") ? " " : "   "}${line}`);
    } else {
      let closers = 0;
      while (closers < line.length && "}])".includes(line[closers] as string)) closers++;
      level = closers === 0 ? inner() : (open[open.length - Math.min(closers, open.length)] ?? 0);
      out.push(`${"  ".repeat(level)}${line}`);
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inComment) {
        if (c === "*" && line[i + 1] === "/") {
          inComment = false;
          i++;
        }
      } else if (c === "/" && line[i + 1] === "*") {
        inComment = true;
        i++;
      } else if (c === "/" && line[i + 1] === "/") break;
      else if (c === '"' || c === "'") {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === "\\") i++;
      } else if (c === "{" || c === "[" || c === "(") open.push(level);
      else if (c === "}" || c === "]" || c === ")") open.pop();
    }
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}
