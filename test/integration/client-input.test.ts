/**
 * Input a well-behaved client never sends, on the client gRPC port: bytes
 * that are not the request message, and keys whose bytes are not UTF-8.
 * Both are the client's mistake (INVALID_ARGUMENT naming what is wrong), never
 * INTERNAL, and an invalid key is never rewritten into another key.
 */
import * as grpc from '@grpc/grpc-js';
import { KvClient } from '../../src/cli/kv-client';
import { startSingleNode, type InProcessNode } from '../support/in-process-node';

jest.setTimeout(60_000);

/** Calls a client method with hand-made request bytes; resolves with the failure, or null. */
function rawCall(address: string, path: string, bytes: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest(path, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, bytes, new grpc.Metadata(), { deadline: Date.now() + 5_000 }, (err) =>
      resolve(err),
    );
  }).finally(() => client.close());
}

/** A protobuf length-delimited field. */
function field(number: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), Buffer.from(bytes)]);
}

const NOT_UTF8 = Buffer.from([0x6b, 0xff, 0xfe]); // "k" then two bytes no UTF-8 sequence starts with

describe('client input that does not decode', () => {
  let node: InProcessNode;
  beforeAll(async () => {
    node = await startSingleNode([]);
  });
  afterAll(() => node.close());

  it.each([
    ['/raftkv.kv.v1.KVService/Put', 'PutRequest'],
    ['/raftkv.kv.v1.KVService/Txn', 'TxnRequest'],
    ['/raftkv.kv.v1.LeaseService/LeaseGrant', 'LeaseGrantRequest'],
    ['/raftkv.cluster.v1.ClusterService/AddMember', 'AddMemberRequest'],
  ])('answers undecodable bytes on %s with INVALID_ARGUMENT naming %s, not INTERNAL', async (path, messageName) => {
    // Field 1 claims 100 bytes and the message ends after 2: a truncated message.
    const err = await rawCall(node.clientAddress, path, Buffer.from([0x0a, 0x64, 0x61, 0x62]));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(new RegExp(`^${messageName}: cannot be decoded`));
    expect(err?.metadata.get('raftkv-error-code')).toEqual(['RAFTKV_ERR_INVALID_ARGUMENT']);
  });

  it('counts the refusal in the request metrics as InvalidArgument', async () => {
    await rawCall(node.clientAddress, '/raftkv.kv.v1.KVService/Get', Buffer.from([0x0a, 0x64]));
    const metrics = await node.server.metrics.registry.metrics();
    expect(metrics).toMatch(/raftkv_grpc_server_handled_total\{[^}]*grpc_method="Get"[^}]*grpc_code="InvalidArgument"[^}]*\} [1-9]/);
  });

  it.each([
    ['Put', '/raftkv.kv.v1.KVService/Put', Buffer.concat([field(1, NOT_UTF8), field(2, Buffer.from('v'))]), 'key'],
    ['Get', '/raftkv.kv.v1.KVService/Get', field(1, NOT_UTF8), 'key'],
    ['Delete', '/raftkv.kv.v1.KVService/Delete', field(1, NOT_UTF8), 'key'],
    ['Range', '/raftkv.kv.v1.KVService/Range', Buffer.concat([field(1, Buffer.from('a')), field(2, NOT_UTF8)]), 'range_end'],
  ])('refuses a %s (%s) whose key field bytes are not UTF-8 with INVALID_ARGUMENT naming the field', async (_rpc, path, bytes, name) => {
    const err = await rawCall(node.clientAddress, path, bytes);
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toBe(`${name}: must be valid UTF-8 (its bytes are not UTF-8)`);
  });

  it('never rewrites an invalid key into the U+FFFD key, and keeps a leading BOM exactly', async () => {
    await rawCall(node.clientAddress, '/raftkv.kv.v1.KVService/Put', Buffer.concat([field(1, NOT_UTF8), field(2, Buffer.from('v'))]));
    const client = new KvClient([node.clientAddress]);
    try {
      expect((await client.get('k\uFFFD\uFFFD')).found).toBe(false);
      await client.put('\uFEFFbom', Buffer.from('b'));
      expect((await client.get('\uFEFFbom')).found).toBe(true);
      expect((await client.get('bom')).found).toBe(false);
    } finally {
      client.close();
    }
  });
});
