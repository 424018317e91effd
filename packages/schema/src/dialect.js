const DIALECTS = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, "2020-12"],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, "2019-09"],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, "draft-07"],
];
export function dialectOf(root) {
  const declared =
    root !== null &&
    typeof root === "object" &&
    !Array.isArray(root) &&
    typeof root.$schema === "string"
      ? root.$schema
      : undefined;
  if (declared === undefined) return { dialect: "2020-12", declared, recognized: true };
  for (const [pattern, dialect] of DIALECTS)
    if (pattern.test(declared)) return { dialect, declared, recognized: true };
  return { dialect: "2020-12", declared, recognized: false };
}
