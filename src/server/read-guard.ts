/**
 * The state machine as the read paths see it (KvApi's Get and Range, etcd's
 * Range): its reads first ask `assertServingReads`, which throws while this
 * member has diverged from the cluster (corruption-check.ts). A Proxy, so
 * every other member of the reader passes through untouched.
 */
const READS = new Set<PropertyKey>(['range', 'getRecord', 'readHistory']);

export function readGuarded<T extends object>(reader: T, assertServingReads: () => void): T {
  return new Proxy(reader, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      if (!READS.has(prop)) return fn;
      return (...args: unknown[]): unknown => {
        try {
          assertServingReads();
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        return fn(...args);
      };
    },
  });
}
