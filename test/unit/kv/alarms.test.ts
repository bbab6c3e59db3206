import { encodeCommand, type KvCommand } from '../../../src/kv/command';
import { KvStateMachine } from '../../../src/kv/state-machine';
import { EntryType, type Entry } from '../../../src/raft/types';
import { RaftStore } from '../../../src/storage/raft-store';
import { checkSpace } from '../../../src/server/space-guard';
import { NoSpaceError } from '../../../src/errors';
import { etcdStatus } from '../../../src/etcd/etcd-status';
import { toGrpcStatus } from '../../../src/grpc-status';
import * as grpc from '@grpc/grpc-js';
import { tempDirs } from '../storage/support';

const entry = (index: number, cmd: KvCommand): Entry => ({ index, term: 1, type: EntryType.Normal, data: encodeCommand(cmd) });
const alarm = (action: 'activate' | 'deactivate', memberId: string, type = 'NOSPACE'): KvCommand => ({ op: 'alarm', action, memberId, alarm: type });

describe('alarms', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  test('are raised and cleared through the log, change no revision, and survive a restart', async () => {
    const dir = await dirs.make();
    const store = await RaftStore.open(dir);
    const sm = new KvStateMachine(store);
    const results = await sm.apply([
      entry(1, { op: 'put', key: 'a', value: Buffer.from('1') }),
      entry(2, alarm('activate', 'n2')),
      entry(3, alarm('activate', 'n2')),
      entry(4, alarm('activate', 'n1', 'CORRUPT')),
      entry(5, alarm('activate', 'n3', 'NO_SUCH_ALARM')),
    ]);
    expect(results.map((r) => r.result?.found)).toEqual([false, true, false, true, false]);
    expect(results.map((r) => r.result?.revision)).toEqual([1, 1, 1, 1, 1]);
    expect(sm.alarms()).toEqual([{ memberId: 'n1', alarm: 'CORRUPT' }, { memberId: 'n2', alarm: 'NOSPACE' }]);
    await store.close();

    const reopened = await RaftStore.open(dir);
    const again = new KvStateMachine(reopened);
    await again.appliedIndex();
    expect(again.alarms()).toEqual([{ memberId: 'n1', alarm: 'CORRUPT' }, { memberId: 'n2', alarm: 'NOSPACE' }]);
    await again.apply([entry(6, alarm('deactivate', 'n2'))]);
    expect(again.alarms()).toEqual([{ memberId: 'n1', alarm: 'CORRUPT' }]);
    await reopened.close();
  });

  test('NOSPACE refuses only what adds data, with RESOURCE_EXHAUSTED naming the quota (etcd: "database space exceeded")', () => {
    const raised = { alarms: () => [{ memberId: 'n2', alarm: 'NOSPACE' as const }], quotaBytes: 1000 };
    const put = encodeCommand({ op: 'txn', txn: { compare: [], success: [{ request_put: { key: 'k', value: Buffer.from('v') }, request: 'request_put' }], failure: [] } } as unknown as KvCommand);
    const del = encodeCommand({ op: 'txn', txn: { compare: [], success: [{ request_delete: { key: 'k', range_end: '', prefix: false, prev_kv: false }, request: 'request_delete' }], failure: [] } } as unknown as KvCommand);
    expect(() => checkSpace(put, raised)).toThrow(NoSpaceError);
    expect(() => checkSpace(encodeCommand({ op: 'lease-grant', id: '7', ttlSeconds: 10 }), raised)).toThrow(NoSpaceError);
    expect(() => checkSpace(del, raised)).not.toThrow();
    expect(() => checkSpace(encodeCommand({ op: 'lease-revoke', id: '7', expired: false }), raised)).not.toThrow();
    expect(() => checkSpace(encodeCommand(alarm('deactivate', 'n2')), raised)).not.toThrow();
    expect(() => checkSpace(put, { alarms: () => [{ memberId: 'n1', alarm: 'CORRUPT' }], quotaBytes: 1000 })).not.toThrow();

    // A put nested in a Txn of either branch, at any depth, adds data too; a nested delete does not.
    const nested = (inner: object, branch: 'success' | 'failure'): Uint8Array =>
      encodeCommand({ op: 'txn', txn: { compare: [], success: [], failure: [], [branch]: [{ request: 'request_txn', request_txn: { compare: [], failure: [], success: [], ...inner } }] } } as unknown as KvCommand);
    const nestedPut = { success: [{ request: 'request_put', request_put: { key: 'k', value: Buffer.from('v') } }] };
    const nestedDel = { success: [{ request: 'request_delete', request_delete: { key: 'k', range_end: '', prefix: false, prev_kv: false } }] };
    expect(() => checkSpace(nested(nestedPut, 'success'), raised)).toThrow(NoSpaceError);
    expect(() => checkSpace(nested(nestedPut, 'failure'), raised)).toThrow(NoSpaceError);
    const deeper = { failure: [{ request: 'request_txn', request_txn: { compare: [], failure: [], ...nestedPut } }] };
    expect(() => checkSpace(nested(deeper, 'success'), raised)).toThrow(NoSpaceError);
    expect(() => checkSpace(nested(nestedDel, 'success'), raised)).not.toThrow();

    let refused: unknown;
    try {
      checkSpace(put, raised);
    } catch (err) {
      refused = err;
    }
    expect(toGrpcStatus(refused)).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: expect.stringContaining('--quota-backend-bytes = 1000 bytes') });
    expect(etcdStatus(refused)).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'etcdserver: mvcc: database space exceeded' });
  });
});
