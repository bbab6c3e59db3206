import { FileDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';
import { clientProtos } from '../../../src/server/client-protos';

/** The file descriptors server reflection hands to clients (buf curl, grpcurl). */
function reflectedFiles(): Map<string, IFileDescriptorProto> {
  const { definition } = clientProtos();
  const buffers = Object.values(definition).find((d) => 'fileDescriptorProtos' in d)?.fileDescriptorProtos as Buffer[];
  const files = buffers.map((b) => FileDescriptorProto.decode(b) as unknown as IFileDescriptorProto);
  return new Map(files.map((f) => [f.name ?? '', f]));
}

describe('file descriptors for server reflection', () => {
  test("etcd's rpc file imports the mvccpb and authpb files whose messages it uses, so reflection clients can link it", () => {
    const files = reflectedFiles();
    expect([...(files.get('etcdserverpb.proto')?.dependency ?? [])].sort()).toEqual(['authpb.proto', 'mvccpb.proto']);
    expect(files.has('mvccpb.proto')).toBe(true);
    expect(files.has('authpb.proto')).toBe(true);
  });

  test("raftkv's own files, which use no other package, import nothing", () => {
    const files = reflectedFiles();
    expect(files.get('raftkv_kv_v1.proto')?.dependency ?? []).toEqual([]);
    expect(files.get('raftkv_cluster_v1.proto')?.dependency ?? []).toEqual([]);
    expect(files.get('raftkv_auth_v1.proto')?.dependency ?? []).toEqual([]);
  });
});
