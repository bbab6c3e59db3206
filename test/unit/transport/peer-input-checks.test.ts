/**
 * What the peer port does with input no honest peer sends: numbers past
 * 2^53 - 1, oversized ids, batches claiming another sender, senders outside
 * the configuration. All refused before anything reaches the core, with
 * INVALID_ARGUMENT or PERMISSION_DENIED, and never echoed unbounded.
 */
import * as grpc from '@grpc/grpc-js';
import { protoType } from '../../../src/codec/raft-codec';
import { MessageType, message, type Message, type NodeId } from '../../../src/raft/types';
import { silentLogger } from '../../../src/logger';
import { PeerClient } from '../../../src/transport/peer-client';
import { refuseSender } from '../../../src/transport/peer-admission';
import { SEND_PATH, PROPOSE_PATH, sendMethod } from '../../../src/transport/raft-service-definition';
import { CLUSTER, rawCall, startRecordingServer, type RecordingServer } from './helpers';

const SendRequestProto = protoType('raftkv.raft.v1.SendRequest');
const ProposeRequestProto = protoType('raftkv.raft.v1.ProposeRequest');

/** A SendRequest from n2 to n1 with one message whose fields are given as protobufjs takes them (strings for uint64). */
function sendBytes(fields: Record<string, unknown>, request: Record<string, unknown> = {}): Uint8Array {
  return SendRequestProto.encode(
    SendRequestProto.fromObject({ clusterId: CLUSTER, from: 'n2', to: 'n1', messages: [{ type: 7, from: 'n2', to: 'n1', term: 1, ...fields }], ...request }),
  ).finish();
}

describe('peer port input checks', () => {
  const servers: RecordingServer[] = [];
  let logged: string[];
  const capture = { ...silentLogger, warn: (obj: object, msg: string) => logged.push(`${msg} ${JSON.stringify(obj)}`) };

  async function server(members?: ReadonlySet<NodeId>): Promise<RecordingServer> {
    const s = await startRecordingServer('n1', { logger: capture, ...(members !== undefined ? { members: () => members } : {}) });
    servers.push(s);
    return s;
  }

  beforeEach(() => {
    logged = [];
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.server.close()));
  });

  it.each([
    ['term', { term: '18446744073709551615' }],
    ['commit', { commit: '9007199254740993' }],
    ['index', { index: '18446744073709551615' }],
    ['entry index', { entries: [{ index: '18446744073709551615', term: 1, type: 1 }] }],
  ])('refuses a %s past 2^53 - 1 with INVALID_ARGUMENT naming it, instead of rounding it into a float', async (field, fields) => {
    const s = await server();
    const err = await rawCall(s.address, SEND_PATH, sendBytes(fields));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toContain(field);
    expect(s.received).toHaveLength(0);
  });

  it('still takes the largest exact term, 2^53 - 1', async () => {
    const s = await server();
    expect(await rawCall(s.address, SEND_PATH, sendBytes({ term: String(Number.MAX_SAFE_INTEGER) }))).toBeNull();
    expect(s.received[0]?.term).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['cluster_id', SEND_PATH, sendBytes({}, { clusterId: 'c'.repeat(100_000) })],
    ['from', SEND_PATH, sendBytes({}, { from: 'x'.repeat(100_000) })],
    ['messages[0].from', SEND_PATH, sendBytes({ from: 'y'.repeat(300) })],
    ['from', PROPOSE_PATH, ProposeRequestProto.encode({ clusterId: CLUSTER, from: 'z'.repeat(100_000), command: new Uint8Array([1]) }).finish()],
  ])('refuses an oversized %s, naming the field and its size but never echoing it', async (field, path, bytes) => {
    const s = await server();
    const err = await rawCall(s.address, path, bytes);
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toContain(field);
    expect(err?.details).toMatch(/over the limit of 256 bytes/);
    expect(err?.details.length).toBeLessThan(300);
    expect(logged.join('\n').length).toBeLessThan(2_000);
    expect(s.received).toHaveLength(0);
  });

  it('echoes at most a short, cleaned prefix of a foreign cluster id into the status and the log', async () => {
    const s = await server();
    const err = await rawCall(s.address, SEND_PATH, sendBytes({}, { clusterId: `evil\n{"level":50,"msg":"forged"}${'a'.repeat(200)}` }));
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(err?.details).not.toContain('\n');
    expect(err?.details.length).toBeLessThan(250);
    expect(logged.join('\n')).not.toContain('\\n{');
  });

  it('refuses a batch that claims messages from another sender', async () => {
    const s = await server();
    const err = await rawCall(s.address, SEND_PATH, sendBytes({ from: 'n3' }));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toContain('messages.from');
    expect(s.received).toHaveLength(0);
  });

  describe('senders outside the configuration', () => {
    const send = (s: RecordingServer, from: NodeId, type: MessageType): Promise<grpc.ServiceError | null> =>
      new Promise((resolve) => {
        const client = new grpc.Client(s.address, grpc.credentials.createInsecure());
        const msg: Message = message({ type, from, to: 'n1', term: 5 });
        client.makeUnaryRequest(SEND_PATH, sendMethod.requestSerialize, sendMethod.responseDeserialize, { clusterId: CLUSTER, from, to: 'n1', messages: [msg] }, new grpc.Metadata(), { deadline: Date.now() + 4_000 }, (err) => {
          client.close();
          resolve(err);
        });
      });

    it('refuses responses from a non-member with PERMISSION_DENIED before the core sees them', async () => {
      const s = await server(new Set(['n1', 'n2', 'n3']));
      for (const type of [MessageType.AppResp, MessageType.HeartbeatResp, MessageType.VoteResp, MessageType.PreVoteResp, MessageType.ReadIndex]) {
        const err = await send(s, 'n9', type);
        expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
        expect(err?.details).toContain('"n9" is not a member');
      }
      expect(s.received).toHaveLength(0);
    });

    it('hears every message from members, learners included', async () => {
      const s = await server(new Set(['n1', 'n2', 'n4-learner']));
      expect(await send(s, 'n2', MessageType.AppResp)).toBeNull();
      expect(await send(s, 'n4-learner', MessageType.AppResp)).toBeNull();
      expect(await send(s, 'n2', MessageType.Vote)).toBeNull();
      expect(s.received).toHaveLength(3);
    });

    it('hears a leader or candidate it does not know yet (this node may lag behind the configuration that added it), but not its responses', async () => {
      const s = await server(new Set(['n1', 'n2', 'n3']));
      expect(await send(s, 'n4', MessageType.App)).toBeNull();
      expect(await send(s, 'n4', MessageType.Heartbeat)).toBeNull();
      expect(await send(s, 'n4', MessageType.PreVote)).toBeNull();
      expect((await send(s, 'n4', MessageType.AppResp))?.code).toBe(grpc.status.PERMISSION_DENIED);
      expect(s.received.map((m) => m.type)).toEqual([MessageType.App, MessageType.Heartbeat, MessageType.PreVote]);
    });

    it('refuses a forwarded proposal from a non-member, and serves one from a member', async () => {
      const proposed: NodeId[] = [];
      const s = await startRecordingServer('n1', {
        members: () => new Set(['n1', 'n2']),
        onPropose: (_c, _d, from) => {
          proposed.push(from);
          return Promise.resolve({ result: new Uint8Array(0), index: 1, term: 1 });
        },
      });
      servers.push(s);
      const propose = async (from: NodeId): Promise<unknown> => {
        const client = new PeerClient({ clusterId: CLUSTER, nodeId: from, peerId: 'n1', address: s.address, logger: silentLogger });
        try {
          return await client.propose(new Uint8Array([1]), new Date(Date.now() + 4_000));
        } finally {
          await client.close();
        }
      };
      await expect(propose('n9')).rejects.toMatchObject({ message: expect.stringContaining('"n9" is not a member') });
      await expect(propose('n2')).resolves.toMatchObject({ index: 1 });
      expect(proposed).toEqual(['n2']);
    });

    it('hears everyone while the node is still starting (nothing reaches the core then)', () => {
      expect(refuseSender(undefined, 'n9', { kind: 'leader-request' })).toBeUndefined();
      expect(refuseSender(new Set(['n1']), 'n9', { kind: 'snapshot' })).toBeUndefined();
    });
  });
});
