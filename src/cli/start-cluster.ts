#!/usr/bin/env node
/**
 * `npm start`: a three-node raftkv cluster on 127.0.0.1 with data under
 * ./data/<id>. Prints the endpoints and a grpcurl example once a leader is
 * elected; Ctrl-C stops all three cleanly (SIGTERM, then waits for each).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { get } from 'node:http';
import { LOCAL_HOST, LOCAL_NODES, localNodeArgs } from './local-cluster';

const dataRoot = resolve(process.env.RAFTKV_DATA_ROOT ?? 'data');
const entry = join(__dirname, 'raftkv.js');
const children = new Map<string, ChildProcess>();

function startNode(id: string, args: string[]): ChildProcess {
  // Each node in its own process group: Ctrl-C reaches only this script,
  // which then stops the nodes once each, with SIGTERM.
  const child = spawn(process.execPath, [entry, ...args, '--log-format', 'pretty'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    children.delete(id);
    if (!stopping) process.stderr.write(`node ${id} exited (${signal ?? `code ${code}`})\n`);
    if (stopping && children.size === 0) process.exit(0);
  });
  return child;
}

function readyz(port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = get({ host: LOCAL_HOST, port, path: '/readyz', timeout: 1000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
  });
}

let stopping = false;
function stopAll(): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping the cluster...\n');
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) process.exit(0);
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }, 15_000).unref();
}

async function main(): Promise<void> {
  for (const node of LOCAL_NODES) children.set(node.id, startNode(node.id, localNodeArgs(node, LOCAL_NODES, dataRoot)));
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  const deadline = Date.now() + 60_000;
  while (!stopping && Date.now() < deadline) {
    const states = await Promise.all(LOCAL_NODES.map((n) => readyz(n.httpPort)));
    if (states.every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (stopping) return;
  const endpoints = LOCAL_NODES.map((n) => `  ${n.id}  client ${LOCAL_HOST}:${n.clientPort}  peer ${LOCAL_HOST}:${n.peerPort}  http http://${LOCAL_HOST}:${n.httpPort}/metrics`).join('\n');
  process.stdout.write(`
raftkv cluster is up (data under ${dataRoot}):
${endpoints}

Try it (any node serves any request):
  grpcurl -plaintext -d '{"key":"greeting","value":"aGVsbG8="}' ${LOCAL_HOST}:50051 raftkv.kv.v1.KVService/Put
  grpcurl -plaintext -d '{"key":"greeting"}' ${LOCAL_HOST}:50061 raftkv.kv.v1.KVService/Get
  ./bin/kvctl --endpoints ${LOCAL_HOST}:50071 get greeting
  ./bin/kvctl --endpoints ${LOCAL_HOST}:50051 status

Press Ctrl-C to stop all three nodes.
`);
}

void main();
