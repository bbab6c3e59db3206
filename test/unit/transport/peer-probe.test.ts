import * as grpc from '@grpc/grpc-js';
import { PROBE_PATH, probePeer, type ProbeResponse } from '../../../src/transport/probe-method';
import { CLUSTER, deadPort, rawCall, startRecordingServer, type RecordingServer } from './helpers';

/** RaftService.Probe over a real PeerServer: what an empty data dir asks its initial peers before bootstrapping. */
describe('RaftService.Probe', () => {
  const servers: RecordingServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.server.close();
  });

  const answer: ProbeResponse = {
    nodeId: 'n2',
    state: 'member',
    confState: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] },
    leaderId: 'n3',
    clientAddress: '127.0.0.1:50061',
    fresh: false,
    term: 7,
    commit: 123456789012,
    baseIndex: 4000,
    baseConfState: { voters: ['n1', 'n2', 'n3'], learners: [] },
  };

  it('carries every field both ways, and tells the answering node who asks', async () => {
    const asked: string[] = [];
    const s = await startRecordingServer('n2', { onProbe: (from) => (asked.push(from), answer) });
    servers.push(s);
    await expect(probePeer(s.address, { clusterId: CLUSTER, from: 'n1' }, 2_000)).resolves.toEqual(answer);
    expect(asked).toEqual(['n1']);
    const empty: ProbeResponse = { ...answer, state: 'empty', confState: { voters: [], learners: [] }, leaderId: '', fresh: false, baseIndex: 0 };
    const s2 = await startRecordingServer('n3', { onProbe: () => empty });
    servers.push(s2);
    await expect(probePeer(s2.address, { clusterId: CLUSTER, from: 'n1' }, 2_000)).resolves.toMatchObject({ state: 'empty' });
  });

  it('refuses a probe from another cluster, and a node without a probe handler answers UNAVAILABLE', async () => {
    const s = await startRecordingServer('n2', { onProbe: () => answer });
    servers.push(s);
    await expect(probePeer(s.address, { clusterId: 'other', from: 'n1' }, 2_000)).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
    const bare = await startRecordingServer('n3');
    servers.push(bare);
    await expect(probePeer(bare.address, { clusterId: CLUSTER, from: 'n1' }, 2_000)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('answers malformed bytes with INVALID_ARGUMENT, and fails fast against a dead port', async () => {
    const s = await startRecordingServer('n2', { onProbe: () => answer });
    servers.push(s);
    expect((await rawCall(s.address, PROBE_PATH, Uint8Array.from([0x0a, 0xff])))?.code).toBe(grpc.status.INVALID_ARGUMENT);
    await expect(probePeer(`127.0.0.1:${await deadPort()}`, { clusterId: CLUSTER, from: 'n1' }, 2_000)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
