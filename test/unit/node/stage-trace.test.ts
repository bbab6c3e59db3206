import { StageTrace, type StagePath } from '../../../src/node/stage-trace';
import { EntryType, type Entry } from '../../../src/raft/types';

const entry = (index: number): Entry => ({ index, term: 1, type: EntryType.Normal, data: new Uint8Array(0) });

describe('StageTrace', () => {
  it('splits a proposal into stages that add up to its total', () => {
    let clock = 0;
    const seen: [StagePath, string, number][] = [];
    const trace = new StageTrace((path, stage, ms) => seen.push([path, stage, ms]), () => clock);
    trace.proposed(7);
    trace.workArrived();
    clock = 1;
    trace.readyStarted([entry(7)]);
    clock = 3;
    trace.persisted([entry(7)], 2);
    clock = 8;
    trace.committed([entry(7)]);
    clock = 9;
    const started = trace.applyStarted([entry(7)]);
    clock = 12;
    trace.applied([entry(7)], started);
    const write = Object.fromEntries(seen.filter(([p]) => p === 'write').map(([, s, ms]) => [s, ms]));
    expect(write).toEqual({ to_ready: 1, persist: 2, replicate: 5, apply_queue: 1, apply: 3, total: 12 });
    expect(seen).toContainEqual(['ready', 'wait', 1]);
  });

  it('forgets an entry this node proposed but another leader replaced', () => {
    const seen: string[] = [];
    const trace = new StageTrace((_p, stage) => seen.push(stage), () => 0);
    trace.proposed(3);
    // The entry at 3 that commits came from elsewhere: it never left our Ready.
    trace.committed([entry(3)]);
    trace.applied([entry(3)], trace.applyStarted([entry(3)]));
    expect(seen.filter((s) => s === 'total')).toEqual([]);
  });
});
