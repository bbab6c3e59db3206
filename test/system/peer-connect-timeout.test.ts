/**
 * A peer whose connection attempt is swallowed (SYNs dropped, no reset: a pod
 * rescheduled onto an address nothing answers yet, a partition) is reached
 * again soon after it answers. grpc-js alone waits out the kernel's two
 * minutes of SYN retries on that one attempt (issue #15: a peer back on the
 * same IP was unreachable from the leader for 129 s); PeerClient bounds each
 * attempt (connectTimeoutMs) and dials again.
 *
 * The black hole is a listener that never accepts, its accept queue full:
 * Linux then drops further SYNs on 127.0.0.1 without a reset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { MessageType, message } from '../../src/raft/types';
import type { RaftLogger } from '../../src/raft/logger';
import { PeerClient } from '../../src/transport/peer-client';
import { startRecordingServer, type RecordingServer } from '../unit/transport/helpers';
import { waitFor } from '../support/wait';
import { describeWithTools } from './support/tools';

jest.setTimeout(60_000);

const BLACK_HOLE = [
  'import socket, sys',
  's = socket.socket()',
  's.bind(("127.0.0.1", 0))',
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'sys.stdin.read()',
].join('\n');

describeWithTools('bounded connect attempts to a peer', ['python3'], () => {
  let hole: ChildProcess | undefined;
  let filler: Socket | undefined;
  let client: PeerClient | undefined;
  let server: RecordingServer | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.server.close();
    filler?.destroy();
    if (hole !== undefined && hole.exitCode === null) {
      const exited = new Promise((r) => hole?.once('exit', r));
      hole.kill('SIGKILL');
      await exited;
    }
  });

  it('reaches a peer within seconds of it answering, after its first connection attempts were swallowed', async () => {
    hole = spawn('python3', ['-c', BLACK_HOLE], { stdio: ['pipe', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      hole?.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      hole?.once('exit', (code) => reject(new Error(`black hole exited ${String(code)}`)));
    });
    // One connection fills the accept queue of backlog 0; from then on SYNs vanish.
    const fill = connect(port, '127.0.0.1');
    filler = fill;
    fill.on('error', () => undefined);
    await new Promise((resolve) => fill.once('connect', resolve));

    const timedOut: string[] = [];
    const logger: RaftLogger = {
      debug: (_o, msg) => (msg.includes('timed out') ? timedOut.push(msg) : undefined),
      info: () => undefined,
      warn: () => undefined,
    };
    const c = new PeerClient({ clusterId: 'cluster-a', nodeId: 'n1', peerId: 'n2', address: `127.0.0.1:${port}`, logger, connectTimeoutMs: 300, sendTimeoutMs: 1_000 });
    client = c;
    let commit = 0;
    const heartbeat = (): void => c.send([message({ type: MessageType.Heartbeat, from: 'n1', to: 'n2', term: 1, commit: (commit += 1) })]);
    // Heartbeats keep coming, as from a leader; attempts keep timing out while the hole swallows them.
    await waitFor('three connection attempts to time out', () => (heartbeat(), timedOut.length >= 3), 20_000, 100);

    // The peer answers on the same address: the hole goes, a real peer server takes the port.
    const closed = new Promise((r) => hole?.once('exit', r));
    hole.stdin?.end();
    await closed;
    fill.destroy();
    server = await startRecordingServer('n2', { port });
    const n2 = server;
    await waitFor('n2 to receive a heartbeat', () => (heartbeat(), n2.received.length > 0), 5_000, 100);
    expect(c.stats.messagesSent).toBeGreaterThan(0);
  });
});
