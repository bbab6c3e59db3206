import { KvClient } from '../../../../src/cli/kv-client';
import { waitFor } from '../../../support/wait';

/** Puts w-0, w-1, ... one at a time through every pod; remembers what was acknowledged. */
export class Writer {
  readonly acked = new Map<string, string>();
  failures = 0;
  #stop = false;
  #done: Promise<void> | undefined;
  readonly #client: KvClient;

  constructor(endpoints: string[]) {
    this.#client = new KvClient(endpoints, { timeoutMs: 3_000 });
  }

  start(): void {
    this.#done = (async () => {
      for (let n = 0; !this.#stop && n < 100_000; n += 1) {
        const key = `w-${n}`;
        try {
          await this.#client.put(key, Buffer.from(String(n)));
          this.acked.set(key, String(n));
        } catch {
          this.failures += 1; // not acknowledged: the writer may not count it
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
  }

  /** Waits until `more` further writes have been acknowledged: the cluster is taking writes now. */
  async progress(more: number, timeoutMs = 30_000): Promise<void> {
    const target = this.acked.size + more;
    await waitFor(`${more} more acknowledged writes`, () => this.acked.size >= target, timeoutMs, 20);
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await this.#done;
  }

  close(): void {
    this.#client.close();
  }
}
