/** Linearizable reads through the read-index protocol (thesis §6.4, etcd's ReadOnlySafe). */
import { encodeConfChange } from '../../../src/raft/confchange';
import { ProposalDroppedError } from '../../../src/raft/errors';
import { ConfChangeType, EntryType, MessageType, Role, type Entry } from '../../../src/raft/types';
import { drain, ent, newTestNode } from './support/harness';
import { Network } from './support/network';

const THREE = ['n1', 'n2', 'n3'];
const ctx = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

test('a leader answers a read with its commit index once a quorum acknowledges a heartbeat carrying the request', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.propose('n1', 'a');
  net.raw('n1').readIndex(ctx('r1'));
  net.stabilize();
  expect(net.node('n1').readStates.map((rs) => [rs.index, text(rs.requestCtx)])).toEqual([[2, 'r1']]);
  const hb = net.delivered.filter((m) => m.type === MessageType.Heartbeat && text(m.context) === 'r1');
  expect(hb.map((m) => m.to)).toEqual(['n2', 'n3']);
});

test('a leader cut off from the quorum never answers a read', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.isolate('n1');
  net.raw('n1').readIndex(ctx('r1'));
  net.stabilize();
  net.tickAll(5);
  expect(net.node('n1').readStates).toEqual([]);
});

test('one acknowledged heartbeat confirms every read queued before it', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.drop(MessageType.HeartbeatResp);
  net.raw('n1').readIndex(ctx('r1'));
  net.raw('n1').readIndex(ctx('r1')); // a duplicate context is one request
  net.stabilize();
  net.recover();
  net.raw('n1').readIndex(ctx('r2'));
  net.stabilize();
  expect(net.node('n1').readStates.map((rs) => text(rs.requestCtx))).toEqual(['r1', 'r2']);
});

test('pending reads ride on periodic heartbeats when the first round is lost', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.drop(MessageType.Heartbeat);
  net.raw('n1').readIndex(ctx('r1'));
  net.stabilize();
  net.recover();
  expect(net.node('n1').readStates).toEqual([]);
  net.tickAll(1);
  expect(net.node('n1').readStates.map((rs) => text(rs.requestCtx))).toEqual(['r1']);
});

test('a follower forwards a read to the leader and emits the ReadState it answers', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.propose('n1', 'a');
  net.raw('n2').readIndex(ctx('f1'));
  net.stabilize();
  expect(net.countDelivered(MessageType.ReadIndex, 'n2', 'n1')).toBe(1);
  expect(net.countDelivered(MessageType.ReadIndexResp, 'n1', 'n2')).toBe(1);
  expect(net.node('n2').readStates.map((rs) => [rs.index, text(rs.requestCtx)])).toEqual([[2, 'f1']]);
  expect(net.node('n1').readStates).toEqual([]);
});

test('a new leader defers reads until it has committed an entry of its term', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.propose('n1', 'a');
  net.drop(MessageType.AppResp);
  net.elect('n2');
  expect(net.raw('n2').status()).toMatchObject({ role: Role.Leader, term: 2, commit: 2 });
  net.raw('n2').readIndex(ctx('r1'));
  net.raw('n3').readIndex(ctx('r3'));
  net.stabilize();
  expect(net.node('n2').readStates).toEqual([]);
  expect(net.node('n3').readStates).toEqual([]);
  net.recover();
  net.tickAll(2);
  expect(net.raw('n2').status().commit).toBe(3);
  expect(net.node('n2').readStates.map((rs) => [rs.index, text(rs.requestCtx)])).toEqual([[3, 'r1']]);
  expect(net.node('n3').readStates.map((rs) => [rs.index, text(rs.requestCtx)])).toEqual([[3, 'r3']]);
});

test('a single-voter cluster answers a read at once', () => {
  const n = newTestNode('n1', { voters: ['n1'] });
  n.node.campaign();
  drain(n);
  n.node.readIndex(ctx('s'));
  const rd = n.node.ready();
  expect(rd.readStates.map((rs) => [rs.index, text(rs.requestCtx)])).toEqual([[1, 's']]);
  expect(rd.messages).toEqual([]);
});

test('a read is refused with ProposalDroppedError when no leader is known', () => {
  const n = newTestNode('n2', { voters: THREE });
  expect(() => n.node.readIndex(ctx('x'))).toThrow(ProposalDroppedError);
  n.node.campaign();
  expect(() => n.node.readIndex(ctx('x'))).toThrow(ProposalDroppedError);
});

test('reads pending when leadership is lost are dropped, not answered', () => {
  const net = new Network(THREE);
  net.elect('n1');
  net.drop(MessageType.HeartbeatResp);
  net.raw('n1').readIndex(ctx('r1'));
  net.stabilize();
  net.recover();
  net.elect('n2');
  net.tickAll(3);
  expect(net.node('n1').readStates).toEqual([]);
});

test('§6.4 a one-voter leader waits for an entry of its term before answering a read: the configuration may have shrunk from one whose leader committed more', () => {
  // n2 holds entries 1..3 of term 1, all committed by the old leader, but knows commit 1 only;
  // its configuration is {n2} (the old leader removed itself at index 3).
  const cc: Entry = { index: 3, term: 1, type: EntryType.ConfChange, data: encodeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 'n1' }) };
  const n = newTestNode('n2', { voters: ['n1', 'n2'], entries: [ent(1, 1), ent(1, 2, 'x'), cc], hardState: { term: 1, vote: 'n1', commit: 1 } });
  n.node.campaign();
  n.handleReady(); // the vote is durable: n2 leads term 2 and appends its no-op at 4
  expect(n.node.status()).toMatchObject({ role: Role.Leader, commit: 1 });
  n.node.readIndex(new Uint8Array([7]));
  expect(n.readStates).toEqual([]);
  while (n.node.hasReady()) n.handleReady();
  expect(n.readStates).toEqual([{ index: 4, requestCtx: new Uint8Array([7]) }]);
});
