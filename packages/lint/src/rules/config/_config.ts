/** Shared by the config/ rules. */

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(", ");
}
