import { RaftNode, type RaftNodeOptions } from '../../../src/node/raft-node';
import { RaftStore } from '../../../src/storage/raft-store';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { encodeCommand } from '../../../src/kv/command';
import { Role } from '../../../src/raft/types';
import type { Transport } from '../../../src/transport/transport';
import { parseConfig } from '../../../src/config';
import { OverloadedError } from '../../../src/errors';
import { raftLimits } from '../../../src/server/raft-limits';
import { tempDirs } from '../storage/support';
import { waitFor } from '../../support/wait';

/**
 * --max-uncommitted-bytes reaches the core through the driver: a leader
 * holding that many uncommitted bytes refuses the next write as not applied
 * (RESOURCE_EXHAUSTED), and takes writes again once the earlier ones commit.
 */
describe('a leader at --max-uncommitted-bytes', () => {
  const dirs = tempDirs();
  const running: Array<{ node: RaftNode; store: RaftStore }> = [];
  afterEach(async () => {
    for (const { node, store } of running.splice(0)) {
      await node.close();
      await store.close();
    }
    await dirs.cleanup();
  });

  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const transport: Transport = {
    send: () => undefined,
    propose: () => Promise.reject(new Error('unused')),
    proposeConfChange: () => Promise.reject(new Error('unused')),
    setPeers: () => undefined,
    close: async () => undefined,
  };
  const put = (key: string, bytes: number): Uint8Array => encodeCommand({ op: 'put', key, value: Buffer.alloc(bytes, 1) });

  it('refuses a write past the limit as not applied, and accepts writes again once the earlier ones commit', async () => {
    const config = parseConfig(['--id', 'n1', '--peers', 'n1=127.0.0.1:1', '--max-append-bytes', '1000', '--max-inflight-bytes', '1000', '--max-uncommitted-bytes', '1000']);
    const store = await RaftStore.open(await dirs.make());
    const options: RaftNodeOptions = {
      id: 'n1',
      clusterId: 'c',
      initialPeers: new Map([['n1', 'a1']]),
      tickMs: 5,
      electionTicks: 4,
      heartbeatTicks: 1,
      store,
      stateMachine: new KvStateMachine(store),
      transport,
      logger: silent as unknown as RaftNodeOptions['logger'],
      limits: raftLimits(config),
    };
    const node = await RaftNode.start(options);
    running.push({ node, store });
    await waitFor('n1 to lead', () => node.role === Role.Leader);
    const deadline = (): Date => new Date(Date.now() + 5_000);

    // Both are proposed in one turn of the event loop, before the first can commit.
    const first = node.proposeAsLeader(put('a', 600), deadline());
    const second = node.proposeAsLeader(put('b', 600), deadline());
    const refused = await second.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(OverloadedError);
    expect((refused as Error).message).toMatch(/holds \d+ uncommitted bytes, at --max-uncommitted-bytes 1000; the write was not applied and is safe to retry/);
    expect(node.status().boundHits.uncommittedBytes).toBe(1);

    await first;
    await waitFor('the uncommitted window to empty', () => node.status().uncommittedBytes === 0);
    const third = await node.proposeAsLeader(put('b', 600), deadline());
    expect(third.index).toBeGreaterThan(0);
  });
});
