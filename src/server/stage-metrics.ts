/**
 * raftkv_stage_duration_seconds: the latency of each stage of the write and
 * read paths (src/node/stage-trace.ts), registered only with --trace-stages
 * so a node that does not trace exports no empty series.
 */
import { Histogram, type Registry } from 'prom-client';
import type { StageObserver } from '../node/stage-trace';

/** Finer than the request buckets at the low end: most stages take well under a millisecond. */
const STAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024];

export function stageMetrics(registry: Registry): StageObserver {
  const histogram = new Histogram({
    name: 'raftkv_stage_duration_seconds',
    help: 'Time spent in each stage of the write and read paths, in seconds (--trace-stages; stages in docs/write-path.md).',
    labelNames: ['path', 'stage'],
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  return (path, stage, durationMs) => histogram.observe({ path, stage }, durationMs / 1000);
}
