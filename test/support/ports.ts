import { createServer } from 'node:net';

/**
 * Free loopback ports for test nodes, taken below the kernel's ephemeral
 * range (/proc/sys/net/ipv4/ip_local_port_range starts at 32768 here). A port
 * from the ephemeral range can be handed to some outgoing connection as its
 * source port while a killed node is down, and then the node cannot come
 * back on it; ports below the range are only ever taken by listeners.
 */
const LOW = 20_000;
const HIGH = 32_000;
const taken = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempts = 0; ports.length < count; attempts += 1) {
    if (attempts > 10_000) throw new Error('no free loopback ports left');
    // Spread by process so parallel jest workers rarely probe the same port.
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (taken.has(port)) continue;
    if (await canListen(port)) {
      taken.add(port);
      ports.push(port);
    }
  }
  return ports;
}
