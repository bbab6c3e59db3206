import * as grpc from '@grpc/grpc-js';
import { CompactedError, CorruptError, ShutdownError, TooManyWatchersError } from '../../../src/errors';
import { toGrpcStatus } from '../../../src/grpc-status';
import { keyRangeOf } from '../../../src/kv/key-range';
import { WatchHub, type WatchHubOptions } from '../../../src/watch/watch-hub';
import type { WatchSpec } from '../../../src/watch/watcher';
import { FakeWatchSource, RecordingSink, settle, type Change } from './fake-watch-source';

const put = (key: string, value?: string): Change => ({ put: key, ...(value !== undefined ? { value } : {}) });
const del = (key: string): Change => ({ del: key });

function spec(key: string, opts: { rangeEnd?: string; prefix?: boolean; start?: number; prevKv?: boolean; progress?: boolean } = {}): WatchSpec {
  return {
    range: keyRangeOf({ key, range_end: opts.rangeEnd ?? '', prefix: opts.prefix ?? false }),
    startRevision: opts.start ?? 0,
    prevKv: opts.prevKv ?? false,
    progressNotify: opts.progress ?? false,
  };
}

describe('WatchHub', () => {
  let source: FakeWatchSource;
  const hubs: WatchHub[] = [];
  const hub = (opts: Partial<WatchHubOptions> = {}): WatchHub => {
    const h = new WatchHub({ source, ...opts });
    hubs.push(h);
    return h;
  };
  beforeEach(() => {
    source = new FakeWatchSource();
  });
  afterEach(() => {
    for (const h of hubs.splice(0)) h.close();
  });

  it('a watch from now starts with created at the current revision, then sends later changes of its key in order', async () => {
    await source.apply([put('a')], [put('b')]);
    const h = hub();
    const sink = new RecordingSink();
    h.watch(spec('a'), sink);
    await source.apply([put('a')], [put('b')], [del('a')]);
    await settle();
    expect(sink.messages[0]).toEqual({ kind: 'created', revision: 2 });
    expect(sink.events()).toEqual(['put a@3', 'delete a@5']);
    // One message per batch, its revision the batch's.
    expect(sink.messages.slice(1).map((m) => m.revision)).toEqual([5]);
  });

  it('matches single keys, [key, range_end), "to the end" and prefixes bytewise', async () => {
    const h = hub();
    const sinks = {
      single: new RecordingSink(),
      range: new RecordingSink(),
      toEnd: new RecordingSink(),
      prefix: new RecordingSink(),
      all: new RecordingSink(),
    };
    h.watch(spec('b'), sinks.single);
    h.watch(spec('b', { rangeEnd: 'c' }), sinks.range);
    h.watch(spec('b', { rangeEnd: '\u0000' }), sinks.toEnd);
    h.watch(spec('a/', { prefix: true }), sinks.prefix);
    h.watch(spec('', { prefix: true }), sinks.all);
    await source.apply([put('a'), put('a/x'), put('a0'), put('b'), put('b/1'), put('c'), put('\u{1F600}')]);
    await settle();
    expect(sinks.single.events()).toEqual(['put b@1']);
    expect(sinks.range.events()).toEqual(['put b@1', 'put b/1@1']);
    expect(sinks.toEnd.events()).toEqual(['put b@1', 'put b/1@1', 'put c@1', 'put \u{1F600}@1']);
    expect(sinks.prefix.events()).toEqual(['put a/x@1']);
    expect(sinks.all.events()).toHaveLength(7);
    expect(h.size).toBe(5);
  });

  it('sends prev_kv only to watchers that asked for it', async () => {
    await source.apply([put('k', 'old')]);
    const h = hub();
    const withPrev = new RecordingSink();
    const without = new RecordingSink();
    h.watch(spec('k', { prevKv: true }), withPrev);
    h.watch(spec('k'), without);
    await source.apply([put('k', 'new')], [del('k')]);
    await settle();
    const events = (s: RecordingSink) => s.messages.flatMap((m) => (m.kind === 'events' ? m.events : []));
    expect(events(withPrev).map((e) => Buffer.from(e.prevKv?.value ?? []).toString())).toEqual(['old', 'new']);
    expect(events(without).map((e) => e.prevKv)).toEqual([undefined, undefined]);
    expect(events(without).map((e) => Buffer.from(e.kv.value).toString())).toEqual(['new', '']);
  });

  it('a watch from a past revision replays history from it, then continues live', async () => {
    for (let i = 1; i <= 10; i += 1) await source.apply([put(`k${i % 3}`)]);
    const h = hub({ historyChunkBytes: 10 });
    const sink = new RecordingSink();
    h.watch(spec('k1', { start: 4 }), sink);
    expect(sink.messages).toEqual([]); // sent from a microtask, never inside watch()
    await settle();
    expect(sink.messages[0]).toEqual({ kind: 'created', revision: 3 });
    expect(sink.revisions()).toEqual([4, 7, 10]);
    await source.apply([put('k1')], [put('k2')]);
    await settle();
    expect(sink.revisions()).toEqual([4, 7, 10, 11]);
  });

  it('a start revision in the future waits for it', async () => {
    await source.apply([put('a')]);
    const h = hub();
    const sink = new RecordingSink();
    h.watch(spec('a', { start: 3 }), sink);
    await source.apply([put('a')], [put('a')]);
    await source.apply([put('a')]);
    await settle();
    expect(sink.messages[0]).toEqual({ kind: 'created', revision: 2 });
    expect(sink.revisions()).toEqual([3, 4]);
  });

  it('a start revision at or below the compacted one is refused with CompactedError', async () => {
    for (let i = 0; i < 5; i += 1) await source.apply([put('a')]);
    source.compact(3);
    const h = hub();
    expect(() => h.watch(spec('a', { start: 3 }), new RecordingSink())).toThrow(CompactedError);
    try {
      h.watch(spec('a', { start: 1 }), new RecordingSink());
    } catch (err) {
      expect(err).toMatchObject({ requestedRevision: 1, compactRevision: 3 });
    }
    const ok = new RecordingSink();
    h.watch(spec('a', { start: 4 }), ok);
    await settle();
    expect(ok.revisions()).toEqual([4, 5]);
    expect(h.size).toBe(1);
  });

  it('history compacted while a watch catches up ends it with CompactedError', async () => {
    for (let i = 0; i < 5; i += 1) await source.apply([put('a')]);
    const h = hub();
    let open!: () => void;
    source.historyGate = new Promise((r) => (open = r));
    const sink = new RecordingSink();
    h.watch(spec('a', { start: 2 }), sink);
    await settle();
    source.compact(4);
    open();
    await settle();
    expect(sink.error).toBeInstanceOf(CompactedError);
    expect(h.size).toBe(0);
  });

  it('catching up while batches keep landing sends every event exactly once, in order (races forced at every step)', async () => {
    for (let i = 1; i <= 30; i += 1) await source.apply([put(`k${i % 2}`), put('x')]);
    const h = hub({ historyChunkBytes: 1 });
    const sink = new RecordingSink();
    // Each history read is held while two more batches land, so the target keeps moving.
    let reads = 0;
    const originalRead = source.readHistory.bind(source);
    source.readHistory = async (from, to, max) => {
      const events = await originalRead(from, to, max);
      reads += 1;
      if (reads < 40) {
        source.applyNow([put('k0')], [put('k1')]);
        source.applyNow([put('k0'), put('k1')]);
      }
      return events;
    };
    h.watch(spec('k', { rangeEnd: 'l', start: 5 }), sink);
    for (let i = 0; i < 50; i += 1) {
      await settle(2);
      if (i % 7 === 0) await source.apply([put('k1')]);
    }
    await settle();
    expect(reads).toBeGreaterThan(10);
    expect(source.revision()).toBeGreaterThan(100);
    expect(sink.error).toBeUndefined();
    expect(sink.events()).toEqual(expectedEventsFromHistory(source, 5, (k) => k.startsWith('k')));
  });

  it.each([
    [42, false],
    [1, false],
    [7, false],
    [2026, true],
    [31337, true],
    [5, true],
  ])('random interleavings of batches, watch starts, slow clients and catch-up never lose, repeat or reorder an event (seed %i, late notifications %s)', async (initialSeed, late) => {
    source = new FakeWatchSource({ lateNotifications: late });
    let seed = initialSeed;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const h = hub({ historyChunkBytes: 16, maxBacklogBytes: 600 });
    let fallbacks = 0;
    const read = source.readHistory.bind(source);
    source.readHistory = (from, to, max) => {
      // A read below the revision a batch was already applied live at is a fallback (or a catch-up).
      if (to - from > 0) fallbacks += 1;
      return read(from, to, max);
    };
    const watches: { sink: RecordingSink; start: number; prefix: string }[] = [];
    for (let step = 0; step < 300; step += 1) {
      const r = random();
      if (r < 0.6) {
        const revisions = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [put(`p${Math.floor(random() * 3)}/${Math.floor(random() * 4)}`)]);
        if (random() < 0.5) source.applyNow(...revisions);
        else void source.apply(...revisions);
      } else if (r < 0.7) {
        const sink = new RecordingSink(random() < 0.3);
        const start = random() < 0.3 ? 0 : 1 + Math.floor(random() * (source.revision() + 2));
        const prefix = `p${Math.floor(random() * 3)}/`;
        const w = { sink, start: start === 0 ? source.revision() + 1 : start, prefix };
        h.watch(spec(prefix, { prefix: true, start }), sink);
        watches.push(w);
      } else if (r < 0.85) {
        for (const w of watches) if (random() < 0.5) w.sink.ack();
      } else {
        await settle(1 + Math.floor(random() * 3));
      }
    }
    // Slow clients now read everything: one ack per message, so as many rounds as it takes.
    for (let i = 0; i < 5_000; i += 1) {
      for (const w of watches) w.sink.ack();
      await settle(2);
      if (watches.every((w) => w.sink.pendingAcks === 0)) break;
    }
    expect(watches.length).toBeGreaterThan(10);
    // Slow clients did fall back to history at least once.
    expect(fallbacks).toBeGreaterThan(0);
    for (const w of watches) {
      expect(w.sink.error).toBeUndefined();
      expect(w.sink.events()).toEqual(expectedEventsFromHistory(source, w.start, (k) => k.startsWith(w.prefix)));
    }
  });

  it('never splits a revision across messages, and cuts large batches between revisions', async () => {
    const h = hub({ maxMessageBytes: 300 });
    const sink = new RecordingSink();
    h.watch(spec('', { prefix: true }), sink);
    const big = 'v'.repeat(100);
    await source.apply([put('a', big), put('b', big), put('c', big)], [put('d', big)], [put('e', big)], [put('f', big)]);
    await settle();
    const events = sink.messages.filter((m) => m.kind === 'events');
    expect(events.length).toBeGreaterThan(1);
    const seen = new Set<number>();
    for (const m of events) {
      if (m.kind !== 'events') continue;
      const revs = [...new Set(m.events.map((e) => e.revision))];
      for (const r of revs) {
        expect(seen.has(r)).toBe(false);
        seen.add(r);
      }
      expect(m.revision).toBe(m.events[m.events.length - 1]!.revision);
    }
    expect(sink.revisions()).toEqual([1, 1, 1, 2, 3, 4]);
  });

  it('a slow watcher drops its backlog and catches up from history, still exactly once and in order', async () => {
    const h = hub({ maxBacklogBytes: 1_000, historyChunkBytes: 200 });
    const slow = new RecordingSink(true);
    const fast = new RecordingSink();
    h.watch(spec('k'), slow);
    h.watch(spec('k'), fast);
    await settle();
    slow.ack(); // the created message
    for (let i = 0; i < 100; i += 1) await source.apply([put('k', 'x'.repeat(50))]);
    await settle();
    // The slow client took nothing: far fewer messages than batches were handed to it.
    expect(slow.messages.length).toBeLessThan(30);
    const readsBefore = source.historyReads;
    for (let i = 0; i < 200 && slow.revisions().length < 100; i += 1) {
      slow.ack();
      await settle(2);
    }
    expect(source.historyReads).toBeGreaterThan(readsBefore);
    const all = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(slow.revisions()).toEqual(all);
    expect(fast.revisions()).toEqual(all);
    // Live again afterwards.
    await source.apply([put('k')]);
    for (let i = 0; i < 5; i += 1) {
      slow.ack();
      await settle(2);
    }
    expect(slow.revisions()).toEqual([...all, 101]);
  });

  it('a slow watcher whose history was compacted meanwhile ends with CompactedError', async () => {
    const h = hub({ maxBacklogBytes: 500 });
    const slow = new RecordingSink(true);
    h.watch(spec('k'), slow);
    await settle();
    slow.ack();
    for (let i = 0; i < 30; i += 1) await source.apply([put('k', 'x'.repeat(50))]);
    await settle();
    source.compact(25);
    for (let i = 0; i < 20; i += 1) {
      slow.ack();
      await settle(2);
    }
    expect(slow.error).toBeInstanceOf(CompactedError);
    expect(h.size).toBe(0);
    // What it did get was in order and without gaps before the error.
    const got = slow.revisions();
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i + 1));
  });

  it('a snapshot restore ends watchers that needed events it skipped, and keeps the others', async () => {
    await source.apply([put('a')], [put('a')]);
    const h = hub();
    const live = new RecordingSink();
    const future = new RecordingSink();
    h.watch(spec('a'), live);
    h.watch(spec('a', { start: 11 }), future);
    source.restore(10);
    await settle();
    expect(live.error).toBeInstanceOf(CompactedError);
    expect(live.error).toMatchObject({ requestedRevision: 3, compactRevision: 10 });
    expect(future.error).toBeUndefined();
    await source.apply([put('a')]);
    await settle();
    expect(future.revisions()).toEqual([11]);
    expect(h.size).toBe(1);
  });

  it('a restore at the revision a watcher stands at keeps it', async () => {
    await source.apply([put('a')]);
    const h = hub();
    const sink = new RecordingSink();
    h.watch(spec('a'), sink);
    source.restore(1);
    await source.apply([put('a')]);
    await settle();
    expect(sink.error).toBeUndefined();
    expect(sink.revisions()).toEqual([2]);
  });

  it('cancel removes the watcher; close ends the rest with a shutdown error and unsubscribes', async () => {
    const h = hub();
    const a = new RecordingSink();
    const b = new RecordingSink();
    const w = h.watch(spec('a'), a);
    h.watch(spec('b', { prefix: true }), b);
    expect(h.size).toBe(2);
    w.cancel();
    expect(h.size).toBe(1);
    await source.apply([put('a'), put('b')]);
    await settle();
    expect(a.events()).toEqual([]);
    expect(b.events()).toEqual(['put b@1']);
    h.close();
    expect(b.error).toBeInstanceOf(ShutdownError);
    expect(b.error?.message).toMatch(/shutting down/);
    expect(a.error).toBeUndefined();
    expect(h.size).toBe(0);
    expect(source.listeners).toBe(0);
    expect(() => h.watch(spec('a'), new RecordingSink())).toThrow(ShutdownError);
  });

  it('an unexpected history failure ends that watch with the error and reports it', async () => {
    await source.apply([put('a')], [put('a')]);
    const reported: unknown[] = [];
    const h = hub({ hooks: { onCatchUpError: (err) => reported.push(err) } });
    source.readHistory = () => Promise.reject(new Error('disk on fire'));
    const failing = new RecordingSink();
    const other = new RecordingSink();
    h.watch(spec('a', { start: 1 }), failing);
    h.watch(spec('a'), other);
    await settle();
    expect(failing.error?.message).toBe('disk on fire');
    expect(reported).toEqual([failing.error]);
    expect(other.error).toBeUndefined();
    expect(h.size).toBe(1);
  });

  it('counts the events handed to streams', async () => {
    const h = hub();
    h.watch(spec('', { prefix: true }), new RecordingSink());
    h.watch(spec('a'), new RecordingSink());
    await source.apply([put('a'), put('b')], [put('a')]);
    await settle();
    expect(h.eventsSent).toBe(5);
  });

  describe('progress notifications', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('an idle watch with progress_notify gets one per interval, at the revision it has reached', async () => {
      const h = hub({ progressIntervalMs: 1_000 });
      const notified = new RecordingSink();
      const quiet = new RecordingSink();
      h.watch(spec('a', { progress: true }), notified);
      h.watch(spec('a'), quiet);
      await settle();
      // Changes to other keys move the revision but send nothing.
      await source.apply([put('b')], [put('c')]);
      jest.advanceTimersByTime(1_000);
      await settle();
      expect(notified.messages.map((m) => m.kind)).toEqual(['created', 'progress']);
      expect(notified.messages[1]).toEqual({ kind: 'progress', revision: 2 });
      expect(quiet.messages.map((m) => m.kind)).toEqual(['created']);
      jest.advanceTimersByTime(1_000);
      await settle();
      expect(notified.messages.filter((m) => m.kind === 'progress')).toHaveLength(2);
    });

    it('a watch that keeps receiving events is not idle and gets none', async () => {
      const h = hub({ progressIntervalMs: 1_000 });
      const sink = new RecordingSink();
      h.watch(spec('a', { progress: true }), sink);
      for (let i = 0; i < 10; i += 1) {
        jest.advanceTimersByTime(400);
        await source.apply([put('a')]);
        await settle();
      }
      expect(sink.messages.filter((m) => m.kind === 'progress')).toEqual([]);
      expect(sink.revisions()).toHaveLength(10);
    });

    it('a catching-up watch reports the revision its history reading has reached', async () => {
      for (let i = 0; i < 5; i += 1) await source.apply([put('b')]);
      const h = hub({ progressIntervalMs: 1_000, historyChunkBytes: 1 });
      // The first history chunk (revision 2) is answered; the second is held.
      let reads = 0;
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const read = source.readHistory.bind(source);
      source.readHistory = async (from, to, max) => {
        reads += 1;
        const events = await read(from, to, max);
        if (reads >= 2) await gate;
        return events;
      };
      const sink = new RecordingSink();
      h.watch(spec('a', { start: 2, progress: true }), sink);
      await settle();
      jest.advanceTimersByTime(1_000);
      await settle();
      expect(sink.messages).toEqual([
        { kind: 'created', revision: 1 },
        { kind: 'progress', revision: 2 },
      ]);
      open();
      await settle();
      jest.advanceTimersByTime(2_000);
      await settle();
      expect(sink.messages[2]).toEqual({ kind: 'progress', revision: 5 });
    });
  });
});

/** Every event applied from revision `from` on whose key passes `keep`, in RecordingSink.events() form. */
function expectedEventsFromHistory(source: FakeWatchSource, from: number, keep: (key: string) => boolean): string[] {
  return source.log.filter((e) => e.revision >= from && keep(e.kv.key)).map((e) => `${e.type} ${e.kv.key}@${e.revision}`);
}

describe('WatchHub at --max-watchers', () => {
  it('refuses one watch more than the limit with RESOURCE_EXHAUSTED naming it, counts the refusal, and takes watches again once one closes', async () => {
    const source = new FakeWatchSource();
    const h = new WatchHub({ source, maxWatchers: 2 });
    try {
      const first = h.watch(spec('a'), new RecordingSink());
      h.watch(spec('b'), new RecordingSink());
      let refused: unknown;
      try {
        h.watch(spec('c'), new RecordingSink());
      } catch (err) {
        refused = err;
      }
      expect(refused).toBeInstanceOf(TooManyWatchersError);
      expect(toGrpcStatus(refused).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect((refused as Error).message).toMatch(/serves 2 watches, at --max-watchers 2/);
      expect(h.refused).toBe(1);
      expect(h.size).toBe(2);
      // The node recovers as soon as a watch goes.
      first.cancel();
      const sink = new RecordingSink();
      h.watch(spec('c'), sink);
      await source.apply([put('c')]);
      await settle();
      expect(sink.events()).toEqual(['put c@1']);
    } finally {
      h.close();
    }
  });
});

describe('WatchHub on a member whose state diverged (the CORRUPT alarm)', () => {
  it('refuses new watches while its admit check throws, ends the open ones with failAll, and admits again once it passes', async () => {
    const source = new FakeWatchSource();
    let corrupt = false;
    const admit = (): void => {
      if (corrupt) throw new CorruptError('n3');
    };
    const h = new WatchHub({ source, admit });
    try {
      const open = new RecordingSink();
      h.watch(spec('a'), open);
      corrupt = true;
      expect(() => h.watch(spec('b'), new RecordingSink())).toThrow(CorruptError);
      h.failAll(new CorruptError('n3'));
      expect(open.error).toBeInstanceOf(CorruptError);
      expect(toGrpcStatus(open.error).code).toBe(grpc.status.DATA_LOSS);
      expect(h.size).toBe(0);
      corrupt = false;
      const sink = new RecordingSink();
      h.watch(spec('c'), sink);
      await source.apply([put('c')]);
      await settle();
      expect(sink.events()).toEqual(['put c@1']);
    } finally {
      h.close();
    }
  });
});
