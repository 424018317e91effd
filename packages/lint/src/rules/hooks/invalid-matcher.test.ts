import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./invalid-matcher.js";

testRule(rule, {
  valid: [
    { name: "plain name", ...project(tomlHook({ matcher: "Bash" })) },
    { name: "Rust-only syntax", ...project(tomlHook({ matcher: "(?i)bash" })) },
    { name: "named group, Rust style", ...project(tomlHook({ matcher: "(?P<t>Bash)" })) },
  ],
  invalid: [
    {
      name: "unbalanced parenthesis",
      ...project(tomlHook({ matcher: "(Bash" })),
      errors: [{ message: /skips this matcher group/, line: 2, column: 11 }],
    },
    {
      name: "look-ahead, fine in JavaScript, not in Rust",
      ...project(tomlHook({ matcher: "(?=Bash)" })),
      errors: [{ message: /look-around/, line: 2, column: 11 }],
    },
  ],
});
