// What the Steam service-layer integration tests share: the Steam stand-in and a SteamClient
// wired to it, both on one fake clock. The client's sleep advances that clock instead of
// waiting, so every wait the client asks for is recorded (and visible in the stand-in's
// request times) without a test ever sleeping or measuring elapsed time.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.js';
import type { ClassDescriptionStore } from '../../src/steam/classInfo.js';
import { SteamClient, type SessionState } from '../../src/steam/client.js';
import type { OfferActionResult } from '../../src/steam/outcomes.js';
import type { TradeProtectionRecord } from '../../src/steam/tradeProtection.js';
import { parseSteamSession } from '../../src/steam/session.js';
import type { TradeOffer } from '../../src/steam/types.js';
import { startSteamStandIn, type RecordedRequest, type SteamStandIn } from '../standins/steam/index.js';

/** 2026-06-01T12:00:00Z, a fixed start so the stand-in's JWTs and the client agree. */
export const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0);

export class FakeClock {
  ms = START_MS;
  /** Every wait the client asked for, in order. */
  readonly sleeps: number[] = [];
  readonly now = (): number => this.ms;
  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += Math.max(0, ms);
    return Promise.resolve();
  };
}

export interface ClientOptions {
  /** The bot's identity secret by default; null for none; a string for a wrong one. */
  identitySecret?: string | null;
  /** The bot's Web API key by default; null for none. */
  apiKey?: string | null;
  cookies?: string;
  inventoryDelayMs?: number;
  confirmationDelayMs?: number;
  maxRetries?: number;
  random?: () => number;
  communityUrl?: string;
  webApiUrl?: string;
  classDescriptions?: ClassDescriptionStore;
  tradeProtection?: TradeProtectionRecord;
}

export interface Harness {
  steam: SteamStandIn;
  clock: FakeClock;
  client: SteamClient;
  /** 'session' events of `client`, in order. */
  sessionEvents: SessionState[];
  /** Every log line of every client made here (JSON). */
  logs: string[];
  makeClient(opts?: ClientOptions): SteamClient;
  close(): Promise<void>;
}

export async function startHarness(opts: ClientOptions = {}): Promise<Harness> {
  const clock = new FakeClock();
  const steam = await startSteamStandIn({ now: clock.now });
  const logs: string[] = [];
  const clients: SteamClient[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [steam.bot.accessToken, steam.bot.apiKey, steam.bot.identitySecret, steam.bot.sessionId],
    pretty: false,
    destination: { write: (line: string) => void logs.push(line) },
  });

  const makeClient = (o: ClientOptions = {}): SteamClient => {
    const parsed = parseSteamSession(o.cookies ?? steam.bot.cookies, steam.bot.sessionId);
    if (!parsed.ok) throw new Error(`stand-in cookies ${parsed.reason}`);
    const client = new SteamClient({
      communityUrl: o.communityUrl ?? steam.communityUrl,
      webApiUrl: o.webApiUrl ?? steam.webApiUrl,
      session: parsed.value,
      apiKey: o.apiKey === null ? undefined : (o.apiKey ?? steam.bot.apiKey),
      identitySecret: o.identitySecret === null ? undefined : (o.identitySecret ?? steam.bot.identitySecret),
      inventoryDelayMs: o.inventoryDelayMs ?? 0,
      confirmationDelayMs: o.confirmationDelayMs ?? 0,
      logger,
      sleep: clock.sleep,
      now: clock.now,
      random: o.random ?? (() => 0),
      maxRetries: o.maxRetries ?? 3,
      classDescriptions: o.classDescriptions,
      // Acknowledged long ago unless a test says otherwise, so only the tests about it see it.
      tradeProtection: o.tradeProtection ?? memoryRecord(START_MS - 86_400_000),
    });
    clients.push(client);
    return client;
  };

  const client = makeClient(opts);
  const sessionEvents: SessionState[] = [];
  client.on('session', (state) => sessionEvents.push(state));

  return {
    steam,
    clock,
    client,
    sessionEvents,
    logs,
    makeClient,
    async close() {
      // allSettled: a test may have closed a client itself (a second close() is refused by undici).
      await Promise.allSettled(clients.map((c) => c.close()));
      await steam.close();
    },
  };
}

/** Requests to one host and path (exact pathname or a pattern), in order. */
export function requestsTo(
  steam: SteamStandIn,
  host: RecordedRequest['host'],
  path: string | RegExp,
): RecordedRequest[] {
  return steam.requests.filter(
    (r) => r.host === host && (typeof path === 'string' ? r.path === path : path.test(r.path)),
  );
}

/** A 127.0.0.1 URL where nothing listens (a port that was just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The offer an action result carries, if any (every outcome but 'unknown' has one). */
export function offerOf(result: OfferActionResult): TradeOffer | null {
  return 'offer' in result ? result.offer : null;
}

/** A trade-protection record the test can look into. */
export function memoryRecord(at: number | null = null): TradeProtectionRecord & { at: number | null } {
  const record = {
    at,
    acknowledgedAt: () => Promise.resolve(record.at),
    remember: (when: number) => {
      record.at = when;
      return Promise.resolve();
    },
  };
  return record;
}

/** Catches what a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Some users with stable ids (SteamID64s the stand-in accepts). */
export const USERS = {
  zoey: '76561198000000001',
  bill: '76561198000000002',
  louis: '76561198000000003',
  francis: '76561198000000004',
  ghost: '76561198000000999',
} as const;
