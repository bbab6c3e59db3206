import type { KeyValue__Output } from '../../../src/generated/raftkv/kv/v1/KeyValue';
import type { RangeRequest } from '../../../src/generated/raftkv/kv/v1/RangeRequest';
import type { RangeResponse__Output } from '../../../src/generated/raftkv/kv/v1/RangeResponse';
import { readRange } from '../../../src/cli/kvctl/kv-commands';

/** A server holding `total` keys k0000.. that serves pages of at most `pageSize`, token = next index. */
function fakeServer(total: number, pageSize: number): { range: (r: RangeRequest) => Promise<RangeResponse__Output>; requests: RangeRequest[] } {
  const requests: RangeRequest[] = [];
  const keys: KeyValue__Output[] = Array.from({ length: total }, (_, i) => ({ key: `k${String(i).padStart(4, '0')}`, value: Buffer.from(String(i)), create_revision: '1', mod_revision: '1', version: '1', lease: '0' }));
  return {
    requests,
    range: (r) => {
      requests.push(r);
      const from = Number(r.page_token || 0);
      const limit = Number(r.limit ?? 0);
      const size = Math.min(limit === 0 ? pageSize : limit, pageSize);
      const kvs = keys.slice(from, from + size);
      const more = from + kvs.length < total;
      return Promise.resolve({ header: { member_id: 'n1', raft_term: '1', applied_index: String(requests.length), revision: '9' }, kvs, more, count: String(kvs.length), next_page_token: more ? String(from + kvs.length) : '' });
    },
  };
}

describe('kvctl get of a range reads page after page', () => {
  it('reads every page when no --limit is given, sending the same range with each token', async () => {
    const server = fakeServer(25, 10);
    const page = await readRange(server, { key: 'k', prefix: true }, undefined);
    expect(page.kvs.map((kv) => kv.key)).toEqual(Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(4, '0')}`));
    expect(page.more).toBe(false);
    expect(server.requests.map((r) => [r.key, r.prefix, r.page_token, r.limit])).toEqual([
      ['k', true, '', 0],
      ['k', true, '10', 0],
      ['k', true, '20', 0],
    ]);
    // The header is the first page's.
    expect(page.header?.applied_index).toBe('1');
  });

  it('stops at --limit, asking only for the keys still wanted, and says more keys follow', async () => {
    const server = fakeServer(25, 10);
    const page = await readRange(server, { key: 'k', prefix: true }, 15);
    expect(page.kvs).toHaveLength(15);
    expect(page.more).toBe(true);
    expect(server.requests.map((r) => r.limit)).toEqual([15, 5]);
  });

  it('returns an empty range in one request', async () => {
    const server = fakeServer(0, 10);
    expect(await readRange(server, { key: 'k', prefix: true }, undefined)).toEqual(expect.objectContaining({ kvs: [], more: false }));
    expect(server.requests).toHaveLength(1);
  });
});
