import { testRule } from "../../../test/rule-tester.js";
import rule from "./unreadable-file.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const withByte = (before: string, byte: number, after: string) =>
  new Uint8Array([...utf8(before), byte, ...utf8(after)]);

testRule(rule, {
  valid: [
    {
      name: "UTF-8 with accents and emoji",
      skill: "---\nname: demo-skill\ndescription: Vérifie les certificats 🔒\n---\n",
    },
    { name: "CRLF", skill: "---\r\nname: demo-skill\r\ndescription: d\r\n---\r\n" },
  ],
  invalid: [
    {
      name: "a Latin-1 byte in the body",
      skill: withByte("---\nname: demo-skill\ndescription: d\n---\nV", 0xe9, "rifie\n"),
      errors: [
        {
          message:
            "Codex refuses to load this skill: failed to read file: invalid utf-8 sequence of 1 bytes from index 41",
          line: 5,
          column: 2,
        },
      ],
    },
    {
      name: "UTF-16 LE with a BOM",
      skill: new Uint8Array([0xff, 0xfe, ...[..."---\n"].flatMap((c) => [c.charCodeAt(0), 0])]),
      errors: [{ message: /UTF-16/, line: 1, column: 1 }],
    },
    {
      name: "truncated multi-byte sequence at the end",
      skill: new Uint8Array([...utf8("---\nname: demo-skill\ndescription: d\n---\n"), 0xe2, 0x82]),
      errors: [{ message: /incomplete utf-8 byte sequence from index 40/ }],
    },
  ],
});
