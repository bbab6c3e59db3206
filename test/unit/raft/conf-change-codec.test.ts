/** The ConfChange entry format the core reads (src/raft/confchange/codec.ts). */
import { decodeConfChange, encodeConfChange } from '../../../src/raft/confchange';
import { applyConfChangeTo } from '../../../src/raft/confchange';
import { ConfChangeError } from '../../../src/raft/errors';
import { ConfChangeType, type ConfChange } from '../../../src/raft/types';

test('every change type round-trips, with and without a context', () => {
  for (const type of Object.values(ConfChangeType)) {
    const plain: ConfChange = { type, nodeId: 'raftkv-3' };
    expect(decodeConfChange(encodeConfChange(plain))).toEqual(plain);
    const withCtx: ConfChange = { type, nodeId: 'ñ4', context: new TextEncoder().encode('{"peer":"10.0.0.4:50052"}') };
    expect(decodeConfChange(encodeConfChange(withCtx))).toEqual(withCtx);
  }
});

test('malformed data is a ConfChangeError, never a wrong change', () => {
  const good = encodeConfChange({ type: ConfChangeType.AddVoter, nodeId: 'n4' });
  const bad = [new Uint8Array(0), Uint8Array.of(2, ...good.subarray(1)), Uint8Array.of(1, 9, 0, 2, 110, 52), Uint8Array.of(1, 1, 0, 9, 110), Uint8Array.of(1, 1, 0, 1, 0xff)];
  for (const b of bad) expect(() => decodeConfChange(b)).toThrow(ConfChangeError);
  expect(() => encodeConfChange({ type: ConfChangeType.AddVoter, nodeId: '' })).toThrow(ConfChangeError);
});

test('a change that does not fit the configuration leaves it unchanged, so every node derives the same one', () => {
  const cs = { voters: ['n1'], learners: ['n2'] };
  expect(applyConfChangeTo(cs, { type: ConfChangeType.RemoveNode, nodeId: 'n1' })).toBe(cs);
  expect(applyConfChangeTo(cs, { type: ConfChangeType.PromoteLearner, nodeId: 'n3' })).toBe(cs);
  expect(applyConfChangeTo(cs, { type: ConfChangeType.AddLearner, nodeId: 'n1' })).toBe(cs);
  expect(applyConfChangeTo(cs, { type: ConfChangeType.AddVoter, nodeId: 'n2' })).toEqual({ voters: ['n1', 'n2'], learners: [] });
  expect(applyConfChangeTo(cs, { type: ConfChangeType.RemoveNode, nodeId: 'n2' })).toEqual({ voters: ['n1'], learners: [] });
});
