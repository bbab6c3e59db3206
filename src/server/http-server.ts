/**
 * The HTTP port: /metrics for Prometheus, /healthz (the process answers),
 * /readyz (see readiness.ts), and, when given a KvApi, the HTTP/JSON
 * key-value API under /v1 (http-kv.ts). The monitoring paths never block.
 * It listens before the node has started (startup-progress.ts): the API then
 * arrives later through serveKv, and /v1 answers 503 until it does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { httpKvHandler, type HttpKvDeps } from './http-kv';
import { isApiPath } from './http-kv-request';
import { SNAPSHOT_PATH, serveSnapshot } from './http-snapshot';
import type { HandlerLogger } from './unary';
import type { CertFileWatcher } from '../security/cert-file-watcher';
import { handshakeOptions, secureContextOptions } from '../security/tls-credentials';

export interface HttpServerDeps {
  readonly registry: Registry;
  readonly readiness: () => { ready: boolean; reason: string };
  /**
   * Serve the key-value API under /v1; without it /v1 is an unknown path like
   * any other. 'later': the API comes with serveKv once the node runs; until
   * then /v1 answers 503 with the readiness reason.
   */
  readonly kv?: HttpKvDeps | 'later';
  /** Serve HTTPS with the watched certificate (re-read on rotation); without it, plain HTTP. */
  readonly tls?: { readonly watcher: CertFileWatcher; readonly requireClientCert: boolean };
  /** Most open connections (--max-http-connections): Node closes any beyond it at once. */
  readonly maxConnections?: number;
}

type KvHandler = ReturnType<typeof httpKvHandler>;
interface SnapshotSource {
  readonly backup: () => AsyncGenerator<Buffer>;
  readonly logger: HandlerLogger;
  /** Throws when the request may not take a backup (auth enabled: root only). */
  readonly authorize?: (req: IncomingMessage) => void;
}

export class HttpServer {
  readonly #server: Server;
  readonly #kv: { handler: KvHandler | undefined; snapshot?: SnapshotSource };
  #closed: Promise<void> | undefined;

  private constructor(server: Server, kv: { handler: KvHandler | undefined; snapshot?: SnapshotSource }) {
    this.#server = server;
    this.#kv = kv;
  }

  static async listen(address: string, deps: HttpServerDeps): Promise<HttpServer> {
    const kv: { handler: KvHandler | undefined; snapshot?: SnapshotSource } = { handler: deps.kv === undefined || deps.kv === 'later' ? undefined : httpKvHandler(deps.kv) };
    const servesKv = deps.kv !== undefined;
    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path === SNAPSHOT_PATH && kv.snapshot !== undefined) {
        serveSnapshot(req, res, kv.snapshot.backup, kv.snapshot.logger, kv.snapshot.authorize);
        return;
      }
      if (servesKv && isApiPath(path)) {
        if (kv.handler !== undefined) kv.handler.handle(req, res);
        else res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end(`not ready: ${deps.readiness().reason}\n`);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (path === '/readyz') {
        const r = deps.readiness();
        res.writeHead(r.ready ? 200 : 503, { 'content-type': 'text/plain' }).end(`${r.ready ? 'ready' : 'not ready'}: ${r.reason}\n`);
      } else if (path === '/metrics') {
        deps.registry.metrics().then(
          (body) => res.writeHead(200, { 'content-type': deps.registry.contentType }).end(body),
          (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
        );
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
      }
    };
    const tls = deps.tls;
    let server: Server;
    if (tls === undefined) {
      server = createServer(handle);
    } else {
      const https = createHttpsServer({ ...handshakeOptions(tls.requireClientCert), ...secureContextOptions(tls.watcher.current) }, handle);
      // New connections get the rotated certificate; open ones keep theirs.
      tls.watcher.onChange((m) => https.setSecureContext(secureContextOptions(m)));
      server = https;
    }
    if (deps.maxConnections !== undefined) server.maxConnections = deps.maxConnections;
    if (servesKv) {
      // Without a listener Node sends 100 Continue itself; with it, a PUT
      // that will fail anyway (a value over the limit) is refused before its body is sent.
      server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
        if (isApiPath((req.url ?? '/').split('?')[0] ?? '/') && kv.handler?.answerBeforeBody(req, res) === true) return;
        res.writeContinue();
        handle(req, res);
      });
    }
    const { host, port } = splitHostPort(address);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new HttpServer(server, kv);
  }

  /** Serves the key-value API under /v1 from now on (a server listening with kv: 'later'). */
  serveKv(deps: HttpKvDeps): void {
    this.#kv.handler = httpKvHandler(deps);
  }

  /** Serves GET /v1/snapshot (http-snapshot.ts) from now on. */
  serveSnapshot(backup: () => AsyncGenerator<Buffer>, logger: HandlerLogger, authorize?: (req: IncomingMessage) => void): void {
    this.#kv.snapshot = { backup, logger, ...(authorize !== undefined && { authorize }) };
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }
}

export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}
