/**
 * Certificates made at test time with the machine's openssl: a CA, and leaf
 * certificates it signs (valid, expired, for given names). Nothing is
 * checked in; every file lives in a temp dir the caller removes (remove()).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

export interface LeafOptions {
  /** Subject CN; default the file name. */
  readonly cn?: string;
  /** subjectAltName entries; default IP:127.0.0.1 and DNS:localhost. */
  readonly sans?: readonly string[];
  /** A certificate whose validity ended in 2020. */
  readonly expired?: boolean;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', [...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export class TestPki {
  readonly dir: string;
  readonly ca: CertFiles;

  private constructor(dir: string, ca: CertFiles) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new CA (P-256, valid one day) in a temp dir of its own. */
  static create(name = 'test-ca'): TestPki {
    const dir = mkdtempSync(join(tmpdir(), 'raftkv-pki-'));
    const ca = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
    openssl(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', ca.key, '-out', ca.cert, '-subj', `/CN=${name}`, '-days', '2',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      dir,
    );
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      ['[ca]', 'default_ca = d', '[d]', `database = ${join(dir, 'index.txt')}`, `new_certs_dir = ${dir}`, 'default_md = sha256', 'rand_serial = yes', 'policy = p', 'copy_extensions = none', '[p]', 'commonName = supplied', ''].join('\n'),
    );
    return new TestPki(dir, ca);
  }

  /** A leaf certificate signed by this CA, usable as server and client (serverAuth, clientAuth). */
  issue(name: string, opts: LeafOptions = {}): CertFiles {
    const files = { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', files.key, '-out', csr, '-subj', `/CN=${opts.cn ?? name}`], this.dir);
    const sans = opts.sans ?? ['IP:127.0.0.1', 'DNS:localhost'];
    writeFileSync(ext, `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=${sans.join(',')}\n`);
    const validity = opts.expired === true ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', '2'];
    openssl(
      ['ca', '-batch', '-config', join(this.dir, 'ca.cnf'), '-cert', this.ca.cert, '-keyfile', this.ca.key, '-in', csr, '-out', files.cert, '-extfile', ext, '-notext', ...validity],
      this.dir,
    );
    return files;
  }

  /** Overwrites `target`'s files in place with `source`'s, as cert-manager does on rotation. */
  static replace(target: CertFiles, source: CertFiles): void {
    copyFileSync(source.key, target.key);
    copyFileSync(source.cert, target.cert);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
