import { ProcessCluster } from '../support/process-cluster';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

describe('a three-node cluster of real processes', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.start();
    await cluster.waitForLeader();
  });
  afterAll(() => cluster.stop());

  it('serves a put on one node and a linearizable get of it on every node', async () => {
    await cluster.client(['n2']).put('greeting', Buffer.from('hello'));
    for (const id of ['n1', 'n2', 'n3']) {
      const res = await cluster.client([id]).get('greeting');
      expect(res.found).toBe(true);
      expect(Buffer.from(res.value).toString()).toBe('hello');
      expect(res.header?.member_id).toBe(id);
    }
  });

  it('forwards writes from any follower to the leader', async () => {
    const leader = await cluster.waitForLeader();
    const followers = ['n1', 'n2', 'n3'].filter((id) => id !== leader);
    for (const [i, id] of followers.entries()) await cluster.client([id]).put(`from-follower-${i}`, Buffer.from(id));
    for (const [i, id] of followers.entries()) {
      const res = await cluster.client([leader]).get(`from-follower-${i}`);
      expect(Buffer.from(res.value).toString()).toBe(id);
    }
  });

  it('makes a serializable read on a follower catch up without a read-index round', async () => {
    await cluster.client(['n1']).put('eventually', Buffer.from('there'));
    const value = await waitFor('n3 to apply the write', async () => {
      const res = await cluster.client(['n3']).get('eventually', 'CONSISTENCY_SERIALIZABLE');
      return res.found ? Buffer.from(res.value).toString() : undefined;
    });
    expect(value).toBe('there');
  });

  it('reports whether a deleted key existed, and a deleted key reads as not found', async () => {
    const c = cluster.client(['n3']);
    await c.put('doomed', Buffer.from('x'));
    expect((await c.delete('doomed')).found).toBe(true);
    expect((await c.delete('doomed')).found).toBe(false);
    expect((await cluster.client(['n1']).get('doomed')).found).toBe(false);
  });

  it('stores binary values byte for byte, including an empty value', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0]);
    const c = cluster.client(['n1']);
    await c.put('binary', bytes);
    await c.put('empty', Buffer.alloc(0));
    expect(Buffer.from((await cluster.client(['n2']).get('binary')).value)).toEqual(bytes);
    const empty = await cluster.client(['n3']).get('empty');
    expect(empty.found).toBe(true);
    expect(empty.value.length).toBe(0);
  });

  it('reports the same leader, term and members from every node', async () => {
    const statuses = await Promise.all(['n1', 'n2', 'n3'].map((id) => cluster.client([id]).status()));
    const leader = statuses[0]?.leader_id;
    for (const s of statuses) {
      expect(s.leader_id).toBe(leader);
      expect(s.members.map((m) => m.id).sort()).toEqual(['n1', 'n2', 'n3']);
      expect(s.members.every((m) => m.suffrage === 'SUFFRAGE_VOTER')).toBe(true);
    }
    expect(statuses.filter((s) => s.role === 'ROLE_LEADER')).toHaveLength(1);
  });
});
