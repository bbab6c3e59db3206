/** The fixed local three-node layout of `npm start` (DESIGN.md §1). */
export interface LocalNode {
  readonly id: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
}

export const LOCAL_NODES: readonly LocalNode[] = [
  { id: 'n1', clientPort: 50051, peerPort: 50052, httpPort: 8080 },
  { id: 'n2', clientPort: 50061, peerPort: 50062, httpPort: 8090 },
  { id: 'n3', clientPort: 50071, peerPort: 50072, httpPort: 8100 },
];

export const LOCAL_HOST = '127.0.0.1';

/** The raftkv flags for one node of a local cluster. */
export function localNodeArgs(node: LocalNode, all: readonly LocalNode[], dataRoot: string, host = LOCAL_HOST): string[] {
  return [
    '--id', node.id,
    '--client-addr', `${host}:${node.clientPort}`,
    '--peer-addr', `${host}:${node.peerPort}`,
    '--http-addr', `${host}:${node.httpPort}`,
    '--data-dir', `${dataRoot}/${node.id}`,
    '--peers', all.map((n) => `${n.id}=${host}:${n.peerPort}`).join(','),
  ];
}
