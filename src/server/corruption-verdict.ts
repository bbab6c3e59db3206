/**
 * The consistency check's judgement of one check point (corruption-check.ts):
 * given the members' reported digests, which state is the cluster's and who
 * holds another. The cluster's state is the digest more than half of the
 * voters reported; until one has that many, nothing is decided. A member
 * (voter or learner) that reported another digest has diverged, even before
 * the rest have reported: the majority already disagrees with it. Pure, so
 * every member that collected the same reports decides alike.
 */

export type HashVerdict =
  /** No digest is shared by a majority of voters yet (too few reports), or never will be (a split). */
  | { readonly kind: 'undecided'; readonly split: boolean }
  | { readonly kind: 'decided'; readonly hash: string; readonly divergent: readonly string[] };

export interface HashMembers {
  readonly voters: readonly string[];
  readonly learners: readonly string[];
}

export function judgeHashes(members: HashMembers, reports: ReadonlyMap<string, string>): HashVerdict {
  const { voters, learners } = members;
  const counts = new Map<string, number>();
  for (const v of voters) {
    const h = reports.get(v);
    if (h !== undefined) counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  const needed = Math.floor(voters.length / 2) + 1;
  const majority = [...counts].find(([, n]) => n >= needed)?.[0];
  if (majority === undefined) {
    const reported = voters.filter((v) => reports.has(v)).length;
    const best = Math.max(0, ...counts.values());
    // Even if every missing voter agreed with the largest group, it would not reach a majority.
    return { kind: 'undecided', split: best + (voters.length - reported) < needed };
  }
  const divergent = [...voters, ...learners].filter((m) => reports.has(m) && reports.get(m) !== majority).sort();
  return { kind: 'decided', hash: majority, divergent };
}
