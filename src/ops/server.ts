// The small HTTP server behind HTTP_PORT: GET /healthz and GET /metrics, nothing else. It
// listens on HTTP_HOST (127.0.0.1 unless the operator opens it up) and never reads a body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

/** HTTP_PORT could not be listened on: startup stops with this one line. */
export class OpsServerError extends Error {
  override readonly name = 'OpsServerError';
}

export interface OpsHandlers {
  health(): Promise<{ status: number; body: unknown }>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface OpsServer {
  /** e.g. http://127.0.0.1:9100 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startOpsServer(options: {
  host: string;
  port: number;
  handlers: OpsHandlers;
  logger: Logger;
}): Promise<OpsServer> {
  const { host, port, handlers, logger } = options;
  const server = createServer((req, res) => {
    handle(req, res, handlers).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'ops endpoint failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  // A scraper or health checker that stops talking must not hold a socket for ever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another tradedesk, or another program); choose another HTTP_PORT`
          : error.code === 'EACCES'
            ? `not allowed to listen on ${where} (ports below 1024 need privileges); choose a port above 1024`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `HTTP_HOST ${host} is not an address of this machine`
              : `cannot listen on ${where} (${error.code ?? error.message})`;
      reject(new OpsServerError(`HTTP_PORT: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'ops server error'));

  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  logger.info({ url, endpoints: ['/healthz', '/metrics'] }, 'ops server listening');

  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of a scraper would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, handlers: OpsHandlers): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/healthz' && path !== '/metrics') {
    send(res, 404, 'text/plain; charset=utf-8', 'not found: tradedesk serves /healthz and /metrics\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  if (path === '/healthz') {
    const { status, body } = await handlers.health();
    send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`, req.method === 'HEAD');
    return;
  }
  const metrics = await handlers.metrics();
  send(res, 200, metrics.contentType, metrics.body, req.method === 'HEAD');
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headOnly = false): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(headOnly ? undefined : body);
}
