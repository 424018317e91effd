export {
  type AgentsPolicy,
  agentsPolicyOf,
  MAX_AGENTS_POLICY_BYTES,
  readAgentsPolicy,
} from "./agents-policy.js";
export {
  isEnvironmentMention,
  isInvocableName,
  LISTING_BUDGET_BYTES,
  type ListedSkill,
  type ListingBudget,
  listingBudget,
  listingLineBytes,
  SYSTEM_SKILLS_LISTING_BYTES,
  skillMentions,
} from "./codex-listing.js";
export {
  CODEX_DESCRIPTION_LISTED_LENGTH,
  CODEX_NAME_MAX_LENGTH,
  type CodexListing,
  type CodexLoadResult,
  type CodexRefusal,
  codexIoError,
  codexLoad,
  truncateForListing,
} from "./codex-load.js";
export type { Diagnostic, Fix, Severity, TextEdit } from "./diagnostic.js";
export {
  CODEX_MAX_ROOT_DIRECTORIES,
  CODEX_MAX_SKILL_DEPTH,
  CODEX_SKILL_ROOT_NAMES,
  codexRootsFor,
  type DirectoryListings,
  type Discovery,
  type DiscoveryMiss,
  type DiscoveryProblem,
  discoverSkills,
  type EntryKind,
  findProjectRoot,
  type RealDirectories,
  type SkillCandidate,
  type SkillRoot,
  type SkillRootKind,
} from "./discover.js";
export { type FrontmatterProblem, type FrontmatterSplit, splitFrontmatter } from "./frontmatter.js";
export {
  describeWriteFailure,
  makeFolders,
  type StagedWrite,
  stageWrite,
  TEMP_FILE_SUFFIX,
  type WriteFailed,
  type WriteFailure,
  type WriteOptions,
  type WriteRefusal,
  type WriteRefused,
  type WriteResult,
  type WriteUnchanged,
  type WriteWritten,
  writeFailure,
  writeFileSafely,
} from "./fs.js";
export {
  checkGoldens,
  type GoldenOptions,
  type GoldenReport,
  type GoldenVerdict,
} from "./golden.js";
export type { CodeFence, Heading, LinkRef, MarkdownBody, Section } from "./markdown.js";
export { isShellFence, pathMentions } from "./markdown.js";
export { isInside } from "./path-inside.js";
export { type PluginNamespaceCache, pluginNamespace } from "./plugin-namespace.js";
export { inPool } from "./pool.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  type FileBytes,
  type FileProblem,
  type FileProblemKind,
  type FileRead,
  type FileText,
  formatBytes,
  isSpecialFile,
  problemClause,
  problemOfError,
  type ReadFileOptions,
  readRegularFile,
  readRegularText,
  type TextRead,
} from "./read-file.js";
export { parseSkill, readSkill, type SkillFile, type SkillReadOptions } from "./skill.js";
export {
  looksBinary,
  MAX_TEXT_FILE_BYTES,
  readHead,
  readTextFile,
  type SkillDirEntry,
  walkSkillDir,
} from "./skill-files.js";
export { closestMatch } from "./suggest.js";
export {
  type DecodedText,
  decodeText,
  findInvalidUtf8,
  LineIndex,
  type Position,
  trimLeading,
  trimTrailing,
} from "./text.js";
export { collapseWhitespace, rustTrim, scalarLength } from "./whitespace.js";
export { xmlAttr, xmlText } from "./xml.js";
export type { FrontmatterField, ParsedYaml, YamlProblem, YamlValueKind } from "./yaml.js";
export { parseFrontmatterYaml } from "./yaml.js";
export { type CappedYaml, capYamlNesting, MAX_YAML_DEPTH } from "./yaml-depth.js";
