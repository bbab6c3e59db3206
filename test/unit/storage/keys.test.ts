import { historyKey, historyStart, keyFromLeaseKeyIndexKey, leaseIdFromLeaseKey, leaseKey, leaseKeyIndexKey, leaseKeyIndexRange } from '../../../src/storage/keys';

const cmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('state-machine key families', () => {
  it('orders lease keys numerically, negative ids first, and reads the id back', () => {
    const ids = ['-9223372036854775808', '-5', '0', '1', '255', '256', '9007199254740993', '9223372036854775807'];
    const sorted = ids.map(leaseKey).sort(cmp);
    expect(sorted.map(leaseIdFromLeaseKey)).toEqual(ids);
  });

  it("bounds one lease's index entries exactly, the largest id included", () => {
    for (const id of ['7', '-1', '9223372036854775807']) {
      const { gte, lt } = leaseKeyIndexRange(id);
      const inside = leaseKeyIndexKey(id, '\u{10FFFF}'.repeat(3));
      expect(cmp(gte, inside) <= 0 && cmp(inside, lt) < 0).toBe(true);
      expect(keyFromLeaseKeyIndexKey(inside)).toBe('\u{10FFFF}'.repeat(3));
    }
    const next = leaseKeyIndexKey('8', '');
    expect(cmp(next, leaseKeyIndexRange('7').lt)).toBe(0);
  });

  it('orders history by revision, then by position within the revision', () => {
    const keys = [historyKey(2, 0), historyKey(1, 1), historyKey(256, 0), historyKey(1, 0), historyKey(2, 300)];
    expect(keys.sort(cmp)).toEqual([historyKey(1, 0), historyKey(1, 1), historyKey(2, 0), historyKey(2, 300), historyKey(256, 0)]);
    expect(cmp(historyStart(2), historyKey(1, 0xffff_ffff))).toBeGreaterThan(0);
    expect(cmp(historyStart(2), historyKey(2, 0))).toBeLessThan(0);
  });
});
