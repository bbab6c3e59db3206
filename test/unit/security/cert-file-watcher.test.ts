/**
 * CertFileWatcher: what a node does while cert-manager rewrites its
 * certificate files, including the moment the certificate is new and the
 * key still old.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertFileWatcher, type TlsMaterial } from '../../../src/security/cert-file-watcher';
import { ConfigError } from '../../../src/errors';
import { TestPki, type CertFiles } from '../../support/test-pki';
import { waitFor } from '../../support/wait';

const FLAGS = { cert: '--cert-file', key: '--key-file', ca: '--trusted-ca-file' };

describe('CertFileWatcher', () => {
  let pki: TestPki;
  let watcher: CertFileWatcher | undefined;
  let warnings: string[];
  let infos: string[];
  const logger = { info: (_o: object, m: string) => infos.push(m), warn: (o: object, m: string) => warnings.push(`${m} ${JSON.stringify(o)}`) };
  const watch = (files: CertFiles): CertFileWatcher => {
    watcher = new CertFileWatcher({ files: { certFile: files.cert, keyFile: files.key, trustedCaFile: pki.ca.cert }, flags: FLAGS, intervalMs: 20, logger });
    return watcher;
  };

  beforeAll(() => {
    pki = TestPki.create();
  });
  afterAll(() => pki.remove());
  beforeEach(() => {
    warnings = [];
    infos = [];
  });
  afterEach(() => watcher?.close());

  it('refuses at start a key that does not match its certificate, naming both flags', () => {
    const a = pki.issue('start-a');
    const b = pki.issue('start-b');
    let error: unknown;
    try {
      watch({ cert: a.cert, key: b.key });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(/^--cert-file ".*start-a.crt" and --key-file ".*start-b.key" \(with --trusted-ca-file\) do not make a usable TLS identity/);
  });

  it('keeps the last good pair through a half-done rotation, says so once, and takes the new pair when it is whole', async () => {
    const live = pki.issue('live');
    const next = pki.issue('next');
    const w = watch(live);
    const first = w.current;
    const changes: TlsMaterial[] = [];
    w.onChange((m) => changes.push(m));

    copyFileSync(next.cert, live.cert); // the certificate first: it does not match the old key
    await waitFor('the broken pair to be reported', () => warnings.length > 0);
    expect(w.current).toBe(first);
    expect(warnings[0]).toContain('not usable; still serving the previous certificate');

    copyFileSync(next.key, live.key);
    await waitFor('the new pair to be taken', () => changes.length === 1);
    expect(w.current.cert.equals(readFileSync(next.cert))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(infos).toContain('TLS certificate files changed: new connections use the new certificate');
  });

  it("follows kubelet's Secret-volume rotation: a new directory swapped in under the ..data symlink the file names point through", async () => {
    // The layout kubelet writes: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/;
    // a rotation writes a new timestamped directory and renames a new symlink over ..data.
    const volume = mkdtempSync(join(tmpdir(), 'raftkv-secret-volume-'));
    try {
      const generation = (name: string, files: CertFiles): void => {
        mkdirSync(join(volume, name));
        copyFileSync(files.cert, join(volume, name, 'tls.crt'));
        copyFileSync(files.key, join(volume, name, 'tls.key'));
      };
      const before = pki.issue('volume-before');
      const after = pki.issue('volume-after');
      generation('..2026_01_01_00_00_00.1', before);
      symlinkSync('..2026_01_01_00_00_00.1', join(volume, '..data'));
      symlinkSync(join('..data', 'tls.crt'), join(volume, 'tls.crt'));
      symlinkSync(join('..data', 'tls.key'), join(volume, 'tls.key'));
      const w = watch({ cert: join(volume, 'tls.crt'), key: join(volume, 'tls.key') });
      const changes: TlsMaterial[] = [];
      w.onChange((m) => changes.push(m));

      generation('..2026_01_02_00_00_00.2', after);
      symlinkSync('..2026_01_02_00_00_00.2', join(volume, '..data_tmp'));
      renameSync(join(volume, '..data_tmp'), join(volume, '..data'));
      await waitFor('the swapped-in pair to be taken', () => changes.length === 1);
      expect(w.current.cert.equals(readFileSync(after.cert))).toBe(true);
      expect(warnings).toEqual([]);
    } finally {
      rmSync(volume, { recursive: true, force: true });
    }
  });
});
