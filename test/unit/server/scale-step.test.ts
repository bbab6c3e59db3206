import { nextScaleStep, type ScaleView } from '../../../src/server/scale-step';

const pods = (...ordinals: number[]): string[] => ordinals.map((i) => `kv-${i}`);

function view(over: Partial<Omit<ScaleView, 'live'>> & { voters: string[]; live?: string[]; learners?: string[] }): ScaleView {
  const { voters, live, learners, ...rest } = over;
  return {
    self: 'kv-0',
    stsName: 'kv',
    replicas: 3,
    confState: { voters, learners: learners ?? [] },
    live: new Set(live ?? voters),
    match: new Map(voters.map((id, i) => [id, 100 - i])),
    ...rest,
  };
}

describe('nextScaleStep: one quorum-safe membership change towards spec.replicas', () => {
  it('does nothing when every member is a wanted pod, or when scaled to zero (every pod stops; the membership waits for them)', () => {
    expect(nextScaleStep(view({ voters: pods(0, 1, 2) })).kind).toBe('none');
    expect(nextScaleStep(view({ voters: pods(0, 1, 2), replicas: 0 })).kind).toBe('none');
  });

  it('removes pods scaled away one at a time, highest ordinal first (the order the StatefulSet deletes them)', () => {
    expect(nextScaleStep(view({ voters: pods(0, 1, 2, 3, 4) }))).toMatchObject({ kind: 'remove', id: 'kv-4' });
    expect(nextScaleStep(view({ voters: pods(0, 1, 2, 3) }))).toMatchObject({ kind: 'remove', id: 'kv-3' });
    expect(nextScaleStep(view({ voters: pods(0, 1, 2), replicas: 1 }))).toMatchObject({ kind: 'remove', id: 'kv-2' });
    expect(nextScaleStep(view({ voters: pods(0, 1), replicas: 1 }))).toMatchObject({ kind: 'remove', id: 'kv-1' });
  });

  it('removes members whose pods are gone for good (the issue: 5 voters, two dead) before live ones', () => {
    const v = view({ voters: pods(0, 1, 2, 3, 4), live: pods(0, 1, 2, 4) });
    expect(nextScaleStep(v)).toMatchObject({ kind: 'remove', id: 'kv-3' });
    expect(nextScaleStep(view({ voters: pods(0, 1, 2, 3, 4), live: pods(0, 1, 2) }))).toMatchObject({ kind: 'remove', id: 'kv-4' });
  });

  it('never removes a live voter when the live voters left would be fewer than a majority', () => {
    // 5 voters, 3 live of which kv-4 is leaving, kv-2 and kv-3 dead but kv-3 wanted: removing kv-4 leaves 2 live of 4.
    const v = view({ voters: pods(0, 1, 2, 3, 4), live: pods(0, 1, 4), replicas: 4 });
    const step = nextScaleStep(v);
    expect(step.kind).toBe('blocked');
    expect(step.kind === 'blocked' && step.reason).toContain('majority');
  });

  it('removes learners beyond the replica count at once: they count for no quorum', () => {
    expect(nextScaleStep(view({ voters: pods(0, 1, 2), learners: pods(3), live: pods(0) }))).toMatchObject({ kind: 'remove', id: 'kv-3' });
  });

  it('a leader scaled away hands leadership to the most caught-up live voter that stays, and never removes itself', () => {
    const v = view({ self: 'kv-4', voters: pods(0, 1, 2, 3, 4), replicas: 3, match: new Map([['kv-0', 5], ['kv-1', 9], ['kv-2', 7], ['kv-3', 10], ['kv-4', 10]]) });
    // kv-3 goes first (it is not the leader); then the leader hands over.
    expect(nextScaleStep(v)).toMatchObject({ kind: 'remove', id: 'kv-3' });
    const after = { ...v, confState: { voters: pods(0, 1, 2, 4), learners: [] } };
    expect(nextScaleStep(after)).toMatchObject({ kind: 'transfer', to: 'kv-1' });
  });

  it('leaves members that are not pods of this StatefulSet alone', () => {
    expect(nextScaleStep(view({ voters: [...pods(0, 1, 2), 'backup-a'] })).kind).toBe('none');
  });
});
