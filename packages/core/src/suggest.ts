/** "Did you mean …?": the closest word by edit distance, when it is close enough to be a typo. */

/** The candidate nearest `word` (case ignored), if within a quarter of its length (at least 1). */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 4));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    // Words whose lengths differ by more than the limit are never within it: no table needed.
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Levenshtein distance, one row at a time; past `limit` it stops and returns `limit + 1`, so a
 * file of thousands of unknown keys costs a length check per candidate, not a table.
 */
function editDistance(a: string, b: string, limit: number): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      const value = Math.min(
        current + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      row[j] = value;
      if (value < rowMin) rowMin = value;
      previous = current;
    }
    if (rowMin > limit) return limit + 1;
  }
  return row[b.length] as number;
}
