// The store's data vanishing under a running bot, on every backend available: the SQLite file
// deleted or replaced (always), Redis flushed (TEST_REDIS_URL, on a database number of its own)
// and the PostgreSQL table dropped (TEST_POSTGRES_URL, on a table of its own). Each is noticed,
// logged once, reported with the settings last seen, and every later store call is refused.
import { copyFileSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { openStore, type GuildSettings, type Store } from '../../src/store/index.js';
import { StoreIntegrity, StoreLostError, type StoreLoss } from '../../src/store/integrity.js';

interface Opened {
  store: Store;
  integrity: StoreIntegrity;
  logs: Array<{ level: number; msg: string; reason?: string }>;
  losses: Array<{ loss: StoreLoss; known: Map<string, GuildSettings> }>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let counter = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${Date.now()}_${(counter += 1)}`;

async function openGuarded(url: string, table?: string): Promise<Opened> {
  const logs: Opened['logs'] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Opened['logs'][number]);
      done();
    },
  });
  const logger = createLogger({ level: 'info', secrets: [], pretty: false, destination });
  const raw = await openStore(url, { logger, ...(table ? { table } : {}) });
  const losses: Opened['losses'] = [];
  const integrity = await StoreIntegrity.open(raw, {
    logger,
    onLost: (loss, known) => losses.push({ loss, known: new Map(known) }),
    checkEveryMs: 3_600_000,
  });
  integrity.logFound();
  cleanups.push(() => integrity.store.close().catch(() => undefined));
  return { store: integrity.store, integrity, logs, losses };
}

/** Opens, checks the first-start log, stores settings, then lets `lose` take the data away. */
async function loseAndCheck(
  url: string,
  lose: () => Promise<void> | void,
  reason: RegExp,
  table?: string,
): Promise<Opened> {
  const opened = await openGuarded(url, table);
  const { store, integrity, logs, losses } = opened;
  expect(logs.filter((l) => l.msg === 'the store is empty: first start, or the store lost its data')).toHaveLength(1);
  await store.updateGuildSettings('g1', (s) => ({ ...s, channelId: 'c1', allowedRoleIds: ['r1'] }));
  expect(await integrity.check()).toBeNull();
  await store.getPollBookmarks();

  await lose();
  // The next poll or action notices before it trusts the store.
  await expect(store.getPollBookmarks()).rejects.toBeInstanceOf(StoreLostError);
  expect(integrity.lost?.reason).toMatch(reason);
  await expect(store.acquireLock('offer:1', 1000)).rejects.toBeInstanceOf(StoreLostError);
  await expect(store.getGuildSettings('g1')).rejects.toBeInstanceOf(StoreLostError);
  await expect(store.setValue('x', 'y', 1)).rejects.toBeInstanceOf(StoreLostError);
  await expect(store.listGuildIds()).rejects.toBeInstanceOf(StoreLostError);
  // Told once, with the settings last seen, so the alert still reaches the channel.
  await integrity.check();
  expect(losses).toHaveLength(1);
  expect(losses[0]!.known.get('g1')).toEqual({ channelId: 'c1', allowedRoleIds: ['r1'], allowedUserIds: [] });
  const errors = logs.filter((l) => l.level === 50);
  expect(errors).toHaveLength(1);
  expect(errors[0]!.reason).toMatch(reason);
  return opened;
}

describe('store integrity on sqlite', () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tradedesk-integrity-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  };

  it('a restart on the same data says it holds tradedesk data, not "first start"', async () => {
    const file = join(dir(), 'store.sqlite');
    const first = await openGuarded(`sqlite://${file}`);
    await first.store.close();
    const second = await openGuarded(`sqlite://${file}`);
    expect(second.logs.map((l) => l.msg)).toContain('store holds tradedesk data');
    expect(second.logs.map((l) => l.msg)).not.toContain('the store is empty: first start, or the store lost its data');
  });

  it('notices the file deleted', async () => {
    const file = join(dir(), 'store.sqlite');
    await loseAndCheck(`sqlite://${file}`, () => unlinkSync(file), /^the SQLite file .*store\.sqlite was deleted$/);
  });

  it('notices the file replaced by another (say, an old backup)', async () => {
    const d = dir();
    const file = join(d, 'store.sqlite');
    await loseAndCheck(
      `sqlite://${file}`,
      () => {
        copyFileSync(file, join(d, 'copy.sqlite'));
        renameSync(join(d, 'copy.sqlite'), file);
      },
      /was replaced by another file$/,
    );
  });

  it('a store call does not fail for a store that is merely intact and busy', async () => {
    const { store, integrity } = await openGuarded(`sqlite://${join(dir(), 'store.sqlite')}`);
    await Promise.all([store.getPollBookmarks(), store.getPollBookmarks(), integrity.check()]);
    expect(integrity.lost).toBeNull();
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('store integrity on redis', () => {
  it('notices the database flushed', async () => {
    // A database number of its own, so flushing it touches no other test.
    const url = new URL(process.env.TEST_REDIS_URL!);
    url.pathname = '/14';
    const client = createClient({ url: url.toString() });
    await client.connect();
    cleanups.push(() => client.close());
    await client.flushDb();
    await loseAndCheck(url.toString(), async () => void (await client.flushDb()), /^Redis no longer holds/);
  });
});

describe.runIf(process.env.TEST_POSTGRES_URL)('store integrity on postgres', () => {
  it('notices the table dropped', async () => {
    const table = unique('i10s_integrity');
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await client.connect();
    cleanups.push(async () => {
      await client.query(`DROP TABLE IF EXISTS public.${table}`);
      await client.end();
    });
    await loseAndCheck(
      process.env.TEST_POSTGRES_URL!,
      async () => void (await client.query(`DROP TABLE public.${table}`)),
      /^the PostgreSQL table was dropped$/,
      table,
    );
  });

  it('notices its rows deleted', async () => {
    const table = unique('i10s_integrity');
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await client.connect();
    cleanups.push(async () => {
      await client.query(`DROP TABLE IF EXISTS public.${table}`);
      await client.end();
    });
    await loseAndCheck(
      process.env.TEST_POSTGRES_URL!,
      async () => void (await client.query(`DELETE FROM public.${table}`)),
      /^tradedesk’s rows are gone from the store$/,
      table,
    );
  });
});
