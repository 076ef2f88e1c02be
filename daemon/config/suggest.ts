// Small helpers to turn "wrong" into "did you mean …?": a person fixing a config on a Pi over SSH
// should not need to open the docs to spell a key.

/** Levenshtein distance (case-sensitive; callers lower-case when case should not count). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate, or undefined when none is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // A third of the word (at least 1, at most 3) keeps suggestions useful and not random.
  const allowed = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  if (bestDistance <= allowed) return best;
  // A shortened name ("zigbee", "lora") is a plausible slip too.
  return w.length >= 3 ? candidates.find((c) => c.toLowerCase().startsWith(w)) : undefined;
}

/** "a, b, c" or "a, b, c … (12 in all)" so that long lists stay on one readable line. */
export function listBrief(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} … (${items.length} in all)`;
}
