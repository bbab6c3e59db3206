import { DnsPeerResolver, type LookupFn } from '../../../src/discovery';
import type { Logger } from '../../../src/logger';

/** A DNS zone the test edits: a name missing from it fails like NXDOMAIN. */
function zone(records: Record<string, string>): { lookup: LookupFn; records: Record<string, string>; queries: string[] } {
  const queries: string[] = [];
  return {
    records,
    queries,
    lookup: (host) => {
      queries.push(host);
      const ip = records[host];
      return ip === undefined ? Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })) : Promise.resolve(ip);
    },
  };
}

function captureLogger(): Logger & { lines: { level: string; obj: object; msg: string }[] } {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string): void => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const peers = new Map([
  ['kv-0', 'kv-0.h.ns.svc.cluster.local:50052'],
  ['kv-1', 'kv-1.h.ns.svc.cluster.local:50052'],
  ['kv-2', 'kv-2.h.ns.svc.cluster.local:50052'],
]);

describe('DnsPeerResolver', () => {
  it('hands out ip:port for every peer once all names resolve', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1', 'kv-1.h.ns.svc.cluster.local': '10.0.0.2', 'kv-2.h.ns.svc.cluster.local': 'fd00::3' });
    const r = await DnsPeerResolver.start({ peers, waitMs: 1000, refreshMs: 1000, logger: captureLogger(), lookup: z.lookup });
    expect(Object.fromEntries(r.addresses())).toEqual({ 'kv-0': '10.0.0.1:50052', 'kv-1': '10.0.0.2:50052', 'kv-2': '[fd00::3]:50052' });
    await r.close();
  });

  it('waits with back-off for a pod that starts later, and logs the wait', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1', 'kv-1.h.ns.svc.cluster.local': '10.0.0.2' });
    const logger = captureLogger();
    const starting = DnsPeerResolver.start({ peers, waitMs: 10_000, refreshMs: 1000, logger, lookup: z.lookup, initialBackoffMs: 5, maxBackoffMs: 20 });
    // The third pod appears once the resolver has asked for it at least twice.
    while (z.queries.filter((q) => q.startsWith('kv-2')).length < 2) await new Promise((r) => setImmediate(r));
    z.records['kv-2.h.ns.svc.cluster.local'] = '10.0.0.3';
    const r = await starting;
    expect(r.addresses().get('kv-2')).toBe('10.0.0.3:50052');
    expect(logger.lines.find((l) => l.msg === 'waiting for peers to resolve')?.obj).toMatchObject({ unresolved: { 'kv-2': expect.stringContaining('ENOTFOUND') } });
    await r.close();
  });

  it('goes on once enough names resolve (a majority), without waiting for a Pending pod', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1', 'kv-1.h.ns.svc.cluster.local': '10.0.0.2' });
    const logger = captureLogger();
    const r = await DnsPeerResolver.start({ peers, waitMs: 60_000, refreshMs: 1000, enough: 2, logger, lookup: z.lookup, initialBackoffMs: 5 });
    expect(Object.fromEntries(r.addresses())).toEqual({ 'kv-0': '10.0.0.1:50052', 'kv-1': '10.0.0.2:50052', 'kv-2': 'kv-2.h.ns.svc.cluster.local:50052' });
    expect(logger.lines.some((l) => l.msg.startsWith('a majority of the peers resolved'))).toBe(true);
    // The Pending pod's name is picked up by the periodic refresh.
    z.records['kv-2.h.ns.svc.cluster.local'] = '10.0.0.3';
    expect(await r.refresh()).toBe(true);
    expect(r.addresses().get('kv-2')).toBe('10.0.0.3:50052');
    await r.close();
  });

  it('gives up after waitMs and dials a name that still does not resolve by name', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1' });
    const logger = captureLogger();
    const r = await DnsPeerResolver.start({ peers, waitMs: 30, refreshMs: 1000, logger, lookup: z.lookup, initialBackoffMs: 5 });
    expect(Object.fromEntries(r.addresses())).toEqual({
      'kv-0': '10.0.0.1:50052',
      'kv-1': 'kv-1.h.ns.svc.cluster.local:50052',
      'kv-2': 'kv-2.h.ns.svc.cluster.local:50052',
    });
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.startsWith('gave up waiting'))).toBe(true);
    await r.close();
  });

  it('notices a rescheduled pod, reports every address once, and keeps the last address while a name is gone', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1', 'kv-1.h.ns.svc.cluster.local': '10.0.0.2', 'kv-2.h.ns.svc.cluster.local': '10.0.0.3' });
    const r = await DnsPeerResolver.start({ peers, waitMs: 0, refreshMs: 60_000, logger: captureLogger(), lookup: z.lookup });
    const seen: Record<string, string>[] = [];
    r.watch((p) => seen.push(Object.fromEntries(p)));

    expect(await r.refresh()).toBe(false);
    delete z.records['kv-1.h.ns.svc.cluster.local']; // pod deleted, not yet back
    expect(await r.refresh()).toBe(false);
    expect(r.addresses().get('kv-1')).toBe('10.0.0.2:50052');
    z.records['kv-1.h.ns.svc.cluster.local'] = '10.0.0.9'; // back on another node
    expect(await r.refresh()).toBe(true);
    expect(seen).toEqual([{ 'kv-0': '10.0.0.1:50052', 'kv-1': '10.0.0.9:50052', 'kv-2': '10.0.0.3:50052' }]);
    await r.close();
  });

  it('re-resolves on its own timer until closed', async () => {
    const z = zone({ 'kv-0.h.ns.svc.cluster.local': '10.0.0.1', 'kv-1.h.ns.svc.cluster.local': '10.0.0.2', 'kv-2.h.ns.svc.cluster.local': '10.0.0.3' });
    const r = await DnsPeerResolver.start({ peers, waitMs: 0, refreshMs: 5, logger: captureLogger(), lookup: z.lookup });
    const changed = new Promise<ReadonlyMap<string, string>>((resolve) => r.watch(resolve));
    z.records['kv-2.h.ns.svc.cluster.local'] = '10.0.0.7';
    expect((await changed).get('kv-2')).toBe('10.0.0.7:50052');
    await r.close();
    const after = z.queries.length;
    await r.close(); // idempotent
    expect(z.queries.length).toBe(after);
  });
});
