// The HTTP plumbing shared by the three hosts: one node:http server each on 127.0.0.1:0, request
// recording, injected faults (checked before normal handling), and small reply helpers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type {
  Fault,
  HeldRequest,
  Hold,
  LostAnswer,
  RecordedRequest,
  SlowDown,
  StandInHost,
  StandInOptions,
} from './types.js';
import { parseCookieHeader } from './jwt.js';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer for binary answers (IAuthenticationService's protobuf). */
  body?: string | Buffer;
  /** Streamed filler of this many bytes instead of `body` (a runaway answer). */
  streamBytes?: number;
}

export interface Ctx {
  host: StandInHost;
  method: string;
  path: string;
  url: URL;
  query: Record<string, string>;
  /** Repeated query keys (cid[]…) keep every value here. */
  queryAll: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  cookies: Record<string, string>;
  body: string;
  form: Record<string, string | string[]> | undefined;
  json: unknown;
  record: RecordedRequest;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const html = (status: number, text: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/html; charset=UTF-8', ...headers },
  body: text,
});

export const redirect = (location: string, status = 302): Reply => ({
  status,
  headers: { location, 'content-type': 'text/html; charset=UTF-8' },
  body: '',
});

/** A form field as one string (the first value when repeated). */
export function field(form: Record<string, string | string[]> | undefined, name: string): string | undefined {
  const v = form?.[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** Writes `bytes` of filler in 64 KiB chunks, honouring backpressure; stops when the client hangs up. */
function streamFiller(res: http.ServerResponse, bytes: number, record: RecordedRequest): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = bytes;
  record.streamedBytes = 0;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const size = Math.min(left, chunk.length);
      left -= size;
      record.streamedBytes! += size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => {
    left = 0;
  });
  pump();
}

export class Hub {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Array<Fault & { left: number }> = [];
  private readonly listeners = new Set<(r: RecordedRequest) => void>();
  private readonly servers: http.Server[] = [];

  constructor(
    private readonly now: () => number,
    private readonly options?: Pick<StandInOptions, 'contentEncoding'>,
  ) {}

  inject(f: Fault): void {
    this.faults.push({ ...f, left: f.times ?? 1 });
  }

  private readonly slowdowns: Array<SlowDown & { left: number }> = [];

  /** Matching requests are answered normally, but only after delayMs (a slow Steam). */
  slowDown(s: SlowDown): void {
    this.slowdowns.push({ ...s, left: s.times ?? 1 });
  }

  private takeSlowDown(host: StandInHost, method: string, path: string): number {
    const index = this.slowdowns.findIndex(
      (s) =>
        s.host === host &&
        (!s.method || s.method.toUpperCase() === method) &&
        (typeof s.path === 'string' ? s.path === path : ((s.path.lastIndex = 0), s.path.test(path))),
    );
    if (index < 0) return 0;
    const slow = this.slowdowns[index]!;
    slow.left -= 1;
    if (slow.left <= 0) this.slowdowns.splice(index, 1);
    return slow.delayMs;
  }

  private readonly lostAnswers: Array<LostAnswer & { left: number }> = [];

  loseAnswer(l: LostAnswer): void {
    this.lostAnswers.push({ ...l, left: l.times ?? 1 });
  }

  private takeLostAnswer(host: StandInHost, method: string, path: string): boolean {
    const index = this.lostAnswers.findIndex(
      (l) =>
        l.host === host &&
        (!l.method || l.method.toUpperCase() === method) &&
        (typeof l.path === 'string' ? l.path === path : ((l.path.lastIndex = 0), l.path.test(path))),
    );
    if (index < 0) return false;
    const lost = this.lostAnswers[index]!;
    lost.left -= 1;
    if (lost.left <= 0) this.lostAnswers.splice(index, 1);
    return true;
  }

  private readonly holds: Array<Hold & { arrived: (r: RecordedRequest) => void; gate: Promise<void> }> = [];

  /**
   * + The next matching request waits, unanswered, until release(): a test can look at the bot
   * while it is known to be inside that request (e.g. between two polls).
   */
  hold(h: Hold): HeldRequest {
    let arrived!: (r: RecordedRequest) => void;
    const reached = new Promise<RecordedRequest>((resolve) => (arrived = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ ...h, arrived, gate });
    return { reached, release };
  }

  private takeHold(host: StandInHost, method: string, path: string, record: RecordedRequest): Promise<void> | null {
    const index = this.holds.findIndex(
      (h) =>
        h.host === host &&
        (!h.method || h.method.toUpperCase() === method) &&
        (typeof h.path === 'string' ? h.path === path : ((h.path.lastIndex = 0), h.path.test(path))),
    );
    if (index < 0) return null;
    const [hold] = this.holds.splice(index, 1);
    hold!.arrived(record);
    return hold!.gate;
  }

  onRequestDone(fn: (r: RecordedRequest) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private takeFault(host: StandInHost, method: string, path: string): Fault | null {
    const index = this.faults.findIndex((f) => {
      if (f.host !== host) return false;
      if (f.method && f.method.toUpperCase() !== method) return false;
      if (typeof f.path === 'string') {
        return f.path === path || (host === 'tradebots' && `/api/v1${f.path}` === path);
      }
      f.path.lastIndex = 0;
      return f.path.test(path);
    });
    if (index < 0) return null;
    const fault = this.faults[index] as Fault & { left: number };
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private faultReply(f: Fault): Reply {
    const headers: Record<string, string> = {};
    let body = '';
    if (f.body === null) {
      body = 'null';
      headers['content-type'] = 'application/json; charset=utf-8';
    } else if (typeof f.body === 'object') {
      body = JSON.stringify(f.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    } else if (typeof f.body === 'string') {
      body = f.body;
      headers['content-type'] = 'text/html; charset=UTF-8';
    }
    if (f.redirectTo) headers.location = f.redirectTo;
    if (f.streamBytes !== undefined) {
      return {
        status: f.status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...(f.headers ?? {}) },
        streamBytes: f.streamBytes,
      };
    }
    return { status: f.status, headers: { ...headers, ...(f.headers ?? {}) }, body };
  }

  async listen(host: StandInHost, handler: Handler): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => res.destroy());
      req.on('end', () => {
        void this.handle(host, handler, req, Buffer.concat(chunks).toString('utf8'), res);
      });
    });
    server.keepAliveTimeout = 5000;
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(
    host: StandInHost,
    handler: Handler,
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
    const contentType = String(req.headers['content-type'] ?? '');
    const record: RecordedRequest = {
      host,
      method,
      path: url.pathname,
      query,
      headers: req.headers,
      body,
      at: this.now(),
    };
    let form: Record<string, string | string[]> | undefined;
    let parsedJson: unknown;
    if (contentType.includes('application/x-www-form-urlencoded')) {
      form = parseForm(body);
      record.form = form;
    } else if (contentType.includes('json') && body.length > 0) {
      try {
        parsedJson = JSON.parse(body);
        record.json = parsedJson;
      } catch {
        // Left unparsed; the handler answers the bad body.
      }
    }
    this.requests.push(record);

    const held = this.takeHold(host, method, url.pathname, record);
    if (held) await held;
    const delayMs = this.takeSlowDown(host, method, url.pathname);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let reply: Reply;
    const fault = this.takeFault(host, method, url.pathname);
    if (fault) {
      record.faulted = true;
      reply = this.faultReply(fault);
    } else {
      try {
        reply = await handler({
          host,
          method,
          path: url.pathname,
          url,
          query,
          queryAll: url.searchParams,
          headers: req.headers,
          cookies: parseCookieHeader(req.headers.cookie),
          body,
          form,
          json: parsedJson,
          record,
        });
      } catch (err) {
        reply = json(500, { error: `Steam stand-in bug: ${err instanceof Error ? err.stack : String(err)}` });
      }
    }
    if (this.takeLostAnswer(host, method, url.pathname)) {
      // Processed, then the connection dies before a byte of the answer is written.
      record.answerLost = true;
      req.socket.destroy();
    } else {
      record.status = reply.status;
      if (!res.destroyed) {
        res.on('error', () => undefined);
        const headers = { ...reply.headers };
        let body: string | Buffer = reply.body ?? '';
        // steamcommunity.com and the Web API compress what a browser accepts compressed.
        const encoding = this.options?.contentEncoding ?? null;
        const accepted = String(req.headers['accept-encoding'] ?? '').split(/\s*,\s*/);
        if (
          encoding &&
          host !== 'tradebots' &&
          reply.streamBytes === undefined &&
          body.length > 0 &&
          accepted.includes(encoding)
        ) {
          body = encoding === 'gzip' ? gzipSync(body) : brotliCompressSync(body);
          headers['content-encoding'] = encoding;
        }
        res.writeHead(reply.status, headers);
        if (reply.streamBytes !== undefined) streamFiller(res, reply.streamBytes, record);
        else res.end(body);
      }
    }
    for (const fn of [...this.listeners]) fn(record);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }
}
