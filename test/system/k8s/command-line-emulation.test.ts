/**
 * The chart's command-line values, run as the kubelet runs them: the image's
 * ENTRYPOINT (tini) and CMD from the Dockerfile, replaced by the container's
 * command and args by the kubelet's rules (support/pod-emulator.ts). A chart
 * whose args replaced the CMD without repeating it ran `tini --
 * --log-level=debug`, which exits at once in every pod; here the pod must
 * come up with the flags applied.
 */
import { REPO_ROOT } from '../../support/process-cluster';
import { describeWithTools } from '../support/tools';
import { HELM, helmTemplate, provideK8sTools, type ValueSet } from './support/k8s-tools';
import { StatefulSetEmulator } from './support/pod-emulator';

jest.setTimeout(120_000);
provideK8sTools();

/** One pod: a single-node cluster bootstraps alone, so the pod's readiness shows the binary started and ran. */
const SINGLE = { replicaCount: 1, 'persistence.enabled': false };

describeWithTools('the container command line, emulated with the image entrypoint', [HELM, 'ip', 'dnsmasq', 'unshare', 'setpriv'], () => {
  if (process.getuid?.() !== 0) {
    test('skipped: network namespaces need root', () => {
      process.stderr.write('SKIPPED command-line emulation: run as root\n');
    });
    return;
  }

  /** Starts the rendered pod 0 and resolves once it is ready, or rejects with its exit code and log when it exits first. */
  async function runUntilReady(values: ValueSet): Promise<{ argv: string[]; log: string; stopCode: number | null }> {
    const sts = new StatefulSetEmulator(helmTemplate(values, 'kv', 'store'), { clusterDomain: 'cluster.local', workdir: REPO_ROOT });
    try {
      await sts.start();
      const pod = sts.startPod(0);
      const exited = (pod.exited ?? Promise.resolve(null)).then((code) => {
        throw new Error(`the pod exited with ${String(code)} before it was ready:\n${sts.logs(pod.name)}`);
      });
      await Promise.race([sts.waitReady(pod.name, 60_000), exited]);
      exited.catch(() => undefined);
      // SIGTERM goes to PID 1 (tini), which must hand it to raftkv for a clean stop.
      const stopCode = await sts.stopPod(0, 'SIGTERM');
      return { argv: sts.argv, log: sts.logs(pod.name), stopCode };
    } finally {
      await sts.close();
    }
  }

  it('starts raftkv with extraArgs applied over the ConfigMap environment: --log-level=warn logs no info line', async () => {
    const r = await runUntilReady({ ...SINGLE, 'extraArgs[0]': '--log-level=warn' });
    expect(r.argv).toEqual(['/usr/bin/tini', '--', 'node', 'dist/src/cli/raftkv.js', '--log-level=warn']);
    // The ConfigMap sets RAFTKV_LOG_LEVEL=info; the flag wins, so the ready pod logged nothing at info (pino level 30).
    expect(r.log).not.toMatch(/"level":30/);
    expect(r.stopCode).toBe(0);
  });

  it('starts raftkv under a command override (tini -g) with extraArgs applied', async () => {
    const r = await runUntilReady({ ...SINGLE, 'command[0]': '/usr/bin/tini', 'command[1]': '-g', 'command[2]': '--', 'extraArgs[0]': '--log-format=pretty' });
    expect(r.argv).toEqual(['/usr/bin/tini', '-g', '--', 'node', 'dist/src/cli/raftkv.js', '--log-format=pretty']);
    expect(r.log).not.toMatch(/^\{"level":/m); // pretty, not JSON lines
    expect(r.log).toContain('raftkv node started');
    expect(r.stopCode).toBe(0);
  });
});
