// The store against every backend that is available: SQLite always, Redis and PostgreSQL when
// TEST_REDIS_URL / TEST_POSTGRES_URL point at servers (.ci/run starts both; in CI they are
// required, so these suites can never silently drop out there).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import KeyvRedis, { createClient } from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../src/logger.js';
import {
  lockRunner,
  openStore,
  StoredRecordError,
  StoreUnavailableError,
  type Store,
  type StoreLock,
} from '../../src/store/index.js';

const logger = createLogger({ level: 'silent', secrets: [], pretty: false });

interface Backend {
  name: string;
  /** A fresh, isolated URL for one test. */
  url(): string;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-store-'));
  tempDirs.push(dir);
  return dir;
}

const backends: Backend[] = [{ name: 'sqlite', url: () => `sqlite://${join(tempDir(), 'nested', 'store.sqlite')}` }];
if (process.env.TEST_REDIS_URL) backends.push({ name: 'redis', url: () => process.env.TEST_REDIS_URL! });
if (process.env.TEST_POSTGRES_URL) backends.push({ name: 'postgres', url: () => process.env.TEST_POSTGRES_URL! });

describe('backends under test', () => {
  it('include Redis and PostgreSQL in CI', () => {
    const names = backends.map((b) => b.name);
    if (process.env.CI) expect(names).toEqual(['sqlite', 'redis', 'postgres']);
    else expect(names[0]).toBe('sqlite');
  });
});

const open: Store[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openFor(url: string): Promise<Store> {
  const store = await openStore(url, { logger });
  open.push(store);
  return store;
}

/** Lets a few milliseconds pass for a 1 ms TTL by watching the clock; no fixed sleep. */
async function passMilliseconds(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() <= until) await new Promise<void>((r) => setImmediate(r));
}

// Keys differ per test so shared Redis/PostgreSQL servers need no cleaning between tests.
let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${(counter += 1)}`;

for (const backend of backends) {
  describe(`store on ${backend.name}`, () => {
    it('gives defaults, then round-trips guild settings and lists the guild', async () => {
      const store = await openFor(backend.url());
      const guild = unique('guild');
      expect(await store.getGuildSettings(guild)).toEqual({ channelId: null, allowedRoleIds: [], allowedUserIds: [] });
      const updated = await store.updateGuildSettings(guild, (s) => ({
        ...s,
        channelId: '123',
        allowedRoleIds: ['9'],
      }));
      expect(updated).toEqual({ channelId: '123', allowedRoleIds: ['9'], allowedUserIds: [] });
      expect(await store.getGuildSettings(guild)).toEqual(updated);
      expect(await store.listGuildIds()).toContain(guild);
    });

    it('applies concurrent updates one after another', async () => {
      const store = await openFor(backend.url());
      const guild = unique('guild');
      await Promise.all(
        ['1', '2', '3', '4'].map((id) =>
          store.updateGuildSettings(guild, (s) => ({ ...s, allowedUserIds: [...s.allowedUserIds, id] })),
        ),
      );
      expect((await store.getGuildSettings(guild)).allowedUserIds.sort()).toEqual(['1', '2', '3', '4']);
    });

    it('keeps posted offers and poll bookmarks', async () => {
      const store = await openFor(backend.url());
      const offerId = unique('offer');
      const posted = {
        offerId,
        guildId: 'g',
        channelId: 'c',
        messageId: 'm',
        lastState: 2,
        actedBy: { userId: 'u', action: 'accept' as const, at: 5 },
      };
      expect(await store.getPostedOffer('g', offerId)).toBeUndefined();
      await store.setPostedOffer(posted);
      expect(await store.getPostedOffer('g', offerId)).toEqual(posted);
      // The same offer's card in another server is a record of its own.
      expect(await store.getPostedOffer('h', offerId)).toBeUndefined();
      const bookmarks = { offersSince: 10, lastFullSweepAt: 20, lastSummary: { a: 1 }, offerStates: { '1': 3 } };
      await store.setPollBookmarks(bookmarks);
      expect(await store.getPollBookmarks()).toEqual(bookmarks);
    });

    it('validates generic values on read and treats a wrong shape as absent', async () => {
      const store = await openFor(backend.url());
      const key = unique('k');
      await store.setValue('ns', key, { n: 1 });
      expect(await store.getValue('ns', key, z.object({ n: z.number() }))).toEqual({ n: 1 });
      expect(await store.getValue('ns', key, z.object({ n: z.string() }))).toBeUndefined();
      await store.deleteValue('ns', key);
      expect(await store.getValue('ns', key, z.object({ n: z.number() }))).toBeUndefined();
    });

    it('expires values with a TTL', async () => {
      const store = await openFor(backend.url());
      const key = unique('ttl');
      await store.setValue('ns', key, 'soon gone', 1);
      await passMilliseconds(5);
      expect(await store.getValue('ns', key, z.string())).toBeUndefined();
      await store.setValue('ns', key, 'kept', 60_000);
      expect(await store.getValue('ns', key, z.string())).toBe('kept');
    });

    it('gives a lock to one holder at a time, across two store instances', async () => {
      const url = backend.url();
      const a = await openFor(url);
      const b = await openFor(url);
      const name = unique('lock');
      const first = await a.acquireLock(name, 60_000);
      expect(first).not.toBeNull();
      expect(await b.acquireLock(name, 60_000)).toBeNull();
      expect(await a.acquireLock(name, 60_000)).toBeNull();
      await first!.release();
      const second = await b.acquireLock(name, 60_000);
      expect(second).not.toBeNull();
      await second!.release();
    });

    it('lets an expired lock be taken, and a stale holder cannot release the new one', async () => {
      const store = await openFor(backend.url());
      const name = unique('lock');
      const stale = await store.acquireLock(name, 1);
      expect(stale).not.toBeNull();
      await passMilliseconds(5);
      const fresh = await store.acquireLock(name, 60_000);
      expect(fresh).not.toBeNull();
      await stale!.release();
      expect(await store.acquireLock(name, 60_000)).toBeNull();
      await fresh!.release();
    });

    it('extends a held lock past its first expiry; a holder that lost it is told so', async () => {
      const store = await openFor(backend.url());
      const name = unique('lock');
      // Long enough that a loaded machine still extends it in time; a 30 ms lock flaked under load.
      const held = await store.acquireLock(name, 500);
      expect(await held!.extend(60_000)).toBe(true);
      await passMilliseconds(600);
      expect(await store.acquireLock(name, 60_000)).toBeNull();
      await held!.release();

      const lost = await store.acquireLock(name, 1);
      await passMilliseconds(5);
      const taker = await store.acquireLock(name, 60_000);
      expect(taker).not.toBeNull();
      expect(await lost!.extend(60_000)).toBe(false);
      expect(await store.acquireLock(name, 60_000)).toBeNull();
      await taker!.release();
    });

    it('runs work under withLock: held while it runs, released when it returns or throws', async () => {
      const url = backend.url();
      const a = await openFor(url);
      const b = await openFor(url);
      const name = unique('with-lock');
      const turn = await a.withLock(name, { ttlMs: 60_000 }, async () => {
        expect(await b.acquireLock(name, 60_000)).toBeNull();
        // Another process asking without waiting is refused, and its work never runs.
        expect(await b.withLock(name, { ttlMs: 60_000 }, () => Promise.reject(new Error('ran')))).toEqual({
          acquired: false,
        });
        return 'done';
      });
      expect(turn).toEqual({ acquired: true, value: 'done' });
      await expect(a.withLock(name, { ttlMs: 60_000 }, () => Promise.reject(new Error('work failed')))).rejects.toThrow(
        'work failed',
      );
      const after = await b.acquireLock(name, 60_000);
      expect(after).not.toBeNull();
      await after!.release();
    });

    it('withLock waits for another process to let go when asked to wait', async () => {
      const url = backend.url();
      const a = await openFor(url);
      const b = await openFor(url);
      const name = unique('with-lock-wait');
      const held = await a.acquireLock(name, 60_000);
      let refusals = 0;
      // b's store, but the holder lets go as soon as b has been refused once.
      const withLock = lockRunner(async (lockName, ttl) => {
        const lock = await b.acquireLock(lockName, ttl);
        if (!lock && (refusals += 1) === 1) await held!.release();
        return lock;
      }, logger);
      expect(await withLock(name, { ttlMs: 60_000, waitMs: 30_000 }, () => Promise.resolve('mine'))).toEqual({
        acquired: true,
        value: 'mine',
      });
      expect(refusals).toBe(1);
    });

    it('answers ping', async () => {
      const store = await openFor(backend.url());
      expect(await store.ping()).toBe(true);
    });
  });
}

// keyv deletes an expired row only when it is read; these look at the table itself, under keyv.
for (const backend of backends.filter((b) => b.name !== 'redis')) {
  describe(`expired rows on ${backend.name}`, () => {
    // Its own connection: @keyv/postgres keeps one pool per process, which closing a store ends.
    function rawTable(url: string) {
      if (backend.name === 'sqlite') {
        const adapter = new KeyvSqlite({ uri: url });
        return {
          has: async (key: string) => (await adapter.get(`tradedesk:${key}`)) !== undefined,
          set: (key: string, raw: string) => adapter.set(`tradedesk:${key}`, raw),
          close: () => adapter.close(),
        };
      }
      const client = new pg.Client({ connectionString: url });
      const connected = client.connect();
      return {
        has: async (key: string) => {
          await connected;
          return (await client.query('SELECT 1 FROM keyv WHERE key = $1', [`tradedesk:${key}`])).rowCount === 1;
        },
        set: async (key: string, raw: string) => {
          await connected;
          await client.query('INSERT INTO keyv (key, value) VALUES ($1, $2)', [`tradedesk:${key}`, raw]);
        },
        close: () => client.end(),
      };
    }

    it('are deleted by the sweep; live rows, rows without a TTL and rows that are not JSON stay', async () => {
      const url = backend.url();
      const store = await openFor(url);
      const raw = rawTable(url);
      try {
        const [gone, live, forever, junk] = ['gone', 'live', 'forever', 'junk'].map((k) => unique(k));
        await store.setValue('ns', gone!, { expires: 1 }, 1);
        await store.setValue('ns', live!, 'kept', 60_000);
        await store.setValue('ns', forever!, 'kept');
        await raw.set(`value:ns:${junk}`, 'not json');
        await passMilliseconds(5);
        expect(await raw.has(`value:ns:${gone}`)).toBe(true);

        expect(await store.sweepExpired()).toBeGreaterThanOrEqual(1);
        expect(await raw.has(`value:ns:${gone}`)).toBe(false);
        for (const key of [live, forever, junk]) expect(await raw.has(`value:ns:${key}`)).toBe(true);
        expect(await store.getValue('ns', live!, z.string())).toBe('kept');
      } finally {
        await raw.close();
      }
    });

    it('are deleted when the store opens', async () => {
      const url = backend.url();
      const first = await openFor(url);
      const key = unique('gone');
      await first.setValue('ns', key, 'soon gone', 1);
      await passMilliseconds(5);
      await first.close();
      const raw = rawTable(url);
      try {
        expect(await raw.has(`value:ns:${key}`)).toBe(true);
        // close() waits for the sweep that opening started.
        await (await openStore(url, { logger })).close();
        expect(await raw.has(`value:ns:${key}`)).toBe(false);
      } finally {
        await raw.close();
      }
    });
  });
}

// Records written by an older tradedesk, put straight into keyv's table as that version wrote them.
for (const backend of backends) {
  describe(`versioned records on ${backend.name}`, () => {
    function rawRows(url: string) {
      const wrap = (value: unknown) => JSON.stringify({ value, expires: null });
      const unwrap = (text: string | undefined) =>
        text === undefined ? undefined : (JSON.parse(text) as { value: unknown }).value;
      if (backend.name === 'redis') {
        // Redis has no table: the rows are written the way the store's own keyv writes them.
        const client = createClient({ url });
        const connected = client.connect();
        const keyv = new Keyv({
          store: new KeyvRedis(client as never),
          namespace: 'tradedesk',
          useKeyPrefix: false,
          throwOnErrors: true,
        });
        return {
          get: async (key: string) => {
            await connected;
            return keyv.get<unknown>(key);
          },
          set: async (key: string, value: unknown) => {
            await connected;
            await keyv.set(key, value);
          },
          close: async () => {
            await connected;
            await client.close();
          },
        };
      }
      if (backend.name === 'sqlite') {
        const adapter = new KeyvSqlite({ uri: url });
        return {
          get: async (key: string) => unwrap((await adapter.get(`tradedesk:${key}`)) as string | undefined),
          set: (key: string, value: unknown) => adapter.set(`tradedesk:${key}`, wrap(value)),
          close: () => adapter.close(),
        };
      }
      const client = new pg.Client({ connectionString: url });
      const connected = client.connect();
      return {
        get: async (key: string) => {
          await connected;
          const rows = (await client.query('SELECT value FROM keyv WHERE key = $1', [`tradedesk:${key}`])).rows;
          return unwrap((rows[0] as { value: string } | undefined)?.value);
        },
        set: async (key: string, value: unknown) => {
          await connected;
          await client.query(
            'INSERT INTO keyv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
            [`tradedesk:${key}`, wrap(value)],
          );
        },
        close: () => client.end(),
      };
    }

    it('a settings record written before records had versions is migrated and written back as version 2', async () => {
      const url = backend.url();
      const store = await openFor(url);
      const raw = rawRows(url);
      try {
        const guild = unique('guild');
        const v1 = { channelId: '111', allowedRoleIds: ['7'], allowedUserIds: ['8'] };
        await raw.set(`guild:${guild}`, v1);
        expect(await store.getGuildSettings(guild)).toEqual(v1);
        expect(await raw.get(`guild:${guild}`)).toEqual({ v: 2, ...v1 });
        // and what this version writes carries its version
        await store.updateGuildSettings(guild, (current) => ({ ...current, channelId: '222' }));
        expect(await raw.get(`guild:${guild}`)).toEqual({ v: 2, ...v1, channelId: '222' });

        const bookmarks = { offersSince: 5, lastFullSweepAt: 6, lastSummary: null, offerStates: { '1': 2 } };
        await raw.set('poll:bookmarks', bookmarks);
        expect(await store.getPollBookmarks()).toEqual(bookmarks);
        expect(await raw.get('poll:bookmarks')).toEqual({ v: 2, ...bookmarks });
      } finally {
        await raw.close();
      }
    });

    it('an offer card record of version 1 or 2 is read with the offer id alone, without the fields nothing read', async () => {
      const url = backend.url();
      const store = await openFor(url);
      const raw = rawRows(url);
      try {
        const guild = unique('guild');
        const items = {
          give: [{ appid: 753, contextid: '6', assetid: '1', classid: '2', instanceid: '0', amount: 5 }],
          receive: [],
        };
        // As tradedesk wrote them before: the record's key in `offerId`, a direction and postedAt.
        const older = (offerId: string) => ({
          offerId: `${guild}:${offerId}`,
          guildId: guild,
          channelId: 'c',
          messageId: `m${offerId}`,
          direction: 'received',
          lastState: 2,
          actedBy: { userId: 'u', action: 'decline', at: 7 },
          postedAt: 1,
          items,
        });
        const current = (offerId: string) => ({
          offerId,
          guildId: guild,
          channelId: 'c',
          messageId: `m${offerId}`,
          lastState: 2,
          actedBy: { userId: 'u', action: 'decline' as const, at: 7 },
          items,
        });
        await raw.set(`posted:${guild}:101`, older('101'));
        await raw.set(`posted:${guild}:102`, { v: 2, ...older('102') });
        for (const offerId of ['101', '102']) {
          expect(await store.getPostedOffer(guild, offerId)).toEqual(current(offerId));
          expect(await raw.get(`posted:${guild}:${offerId}`)).toEqual({ v: 3, ...current(offerId) });
        }
        // A record from before cards named their items reads without them.
        const { items: _items, ...withoutItems } = older('103');
        await raw.set(`posted:${guild}:103`, { v: 2, ...withoutItems });
        const { items: _none, ...expected } = current('103');
        expect(await store.getPostedOffer(guild, '103')).toEqual(expected);
        // What this version writes is found under the same key.
        await store.setPostedOffer({ ...current('101'), lastState: 3 });
        expect(await raw.get(`posted:${guild}:101`)).toEqual({ v: 3, ...current('101'), lastState: 3 });
      } finally {
        await raw.close();
      }
    });

    it('settings of an unexpected shape are an error, never the defaults, and are left as they are', async () => {
      const url = backend.url();
      const store = await openFor(url);
      const raw = rawRows(url);
      try {
        const guild = unique('guild');
        const odd = { channelId: 111, allowedRoleIds: 'everyone' };
        await raw.set(`guild:${guild}`, odd);
        await expect(store.getGuildSettings(guild)).rejects.toThrow(
          'The stored settings cannot be read (version 1: channelId: Invalid input: expected string, received number).',
        );
        await expect(store.updateGuildSettings(guild, (s) => ({ ...s, channelId: '1' }))).rejects.toBeInstanceOf(
          StoredRecordError,
        );
        expect(await raw.get(`guild:${guild}`)).toEqual(odd);
      } finally {
        await raw.close();
      }
    });

    it('a record written by a newer tradedesk is refused, naming both versions', async () => {
      const url = backend.url();
      const store = await openFor(url);
      const raw = rawRows(url);
      try {
        const guild = unique('guild');
        await raw.set(`guild:${guild}`, { v: 3, channelId: '1', allowedRoleIds: [], allowedUserIds: [], extra: true });
        await expect(store.getGuildSettings(guild)).rejects.toThrow(
          'it is version 3, written by a newer tradedesk; this one reads up to version 2',
        );
      } finally {
        await raw.close();
      }
    });
  });
}

describe('sqlite store', () => {
  it('creates the folder and file on first start and describes itself without surprises', async () => {
    const dir = tempDir();
    const store = await openFor(`sqlite://${join(dir, 'a', 'b', 'x.sqlite')}`);
    expect(store.backend).toBe('sqlite');
    expect(store.description).toBe(`sqlite (${join(dir, 'a', 'b', 'x.sqlite')})`);
  });

  it("a settings update that fails is the caller's error alone: no stray rejection, the next one works", async () => {
    const store = await openFor(`sqlite://${join(tempDir(), 'x.sqlite')}`);
    await expect(
      store.updateGuildSettings('g', () => {
        throw new Error('refused by the caller');
      }),
    ).rejects.toThrow('refused by the caller');
    const next = await store.updateGuildSettings('g', (s) => ({ ...s, channelId: '42' }));
    expect(next.channelId).toBe('42');
  });

  it('forgets a posted offer 90 days after it was last written, not before', async () => {
    const store = await openFor(`sqlite://${join(tempDir(), 'x.sqlite')}`);
    const posted = {
      offerId: '1',
      guildId: 'g',
      channelId: 'c',
      messageId: 'm',
      lastState: 2,
      actedBy: null,
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const day = 24 * 3600_000;
      const start = Date.now();
      await store.setPostedOffer(posted);
      vi.setSystemTime(start + 89 * day);
      expect(await store.getPostedOffer('g', '1')).toEqual(posted);
      // Each change writes the record again and starts the 90 days over.
      await store.setPostedOffer({ ...posted, lastState: 3 });
      vi.setSystemTime(start + 178 * day);
      expect(await store.getPostedOffer('g', '1')).toEqual({ ...posted, lastState: 3 });
      vi.setSystemTime(start + 180 * day);
      expect(await store.getPostedOffer('g', '1')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('excludes a second process holding the same lock on the same file', async () => {
    const url = `sqlite://${join(tempDir(), 'shared.sqlite')}`;
    const store = await openFor(url);
    const lock = await store.acquireLock('offer-action:1', 60_000);
    expect(lock).not.toBeNull();
    const script = `
      import { openStore } from ${JSON.stringify(resolve('dist/src/store/index.js'))};
      import { createLogger } from ${JSON.stringify(resolve('dist/src/logger.js'))};
      const store = await openStore(${JSON.stringify(url)}, { logger: createLogger({ level: 'silent', secrets: [] }) });
      const lock = await store.acquireLock('offer-action:1', 60000);
      process.stdout.write(lock ? 'acquired' : 'refused');
      await store.close();`;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(err))));
      });
    expect(await run()).toBe('refused');
    await lock!.release();
    expect(await run()).toBe('acquired');
  });
});

describe('openStore failures', () => {
  const failing = async (url: string): Promise<StoreUnavailableError> => {
    const error = await openStore(url, { logger }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    return error as StoreUnavailableError;
  };

  it('refuses an unknown scheme, naming STORE_URL', async () => {
    expect((await failing('mongodb://x')).message).toBe(
      'STORE_URL: expected sqlite://path, redis://host:port or postgresql://user:password@host/db; got mongodb://x',
    );
  });

  it('refuses an unreachable Redis without printing the password', async () => {
    const { message } = await failing('redis://bot:hunter2secret@127.0.0.1:1');
    expect(message).toMatch(/^STORE_URL: cannot connect to Redis at redis:\/\/bot:\*\*\*@127\.0\.0\.1:1/);
    expect(message).not.toContain('hunter2secret');
  });

  it('refuses an unreachable PostgreSQL without printing the password', async () => {
    const { message } = await failing('postgresql://bot:hunter2secret@127.0.0.1:1/tradedesk');
    expect(message).toMatch(
      /^STORE_URL: cannot connect to PostgreSQL at postgresql:\/\/bot:\*\*\*@127\.0\.0\.1:1\/tradedesk/,
    );
    expect(message).not.toContain('hunter2secret');
  });

  it('refuses a SQLite path that cannot be a database file', async () => {
    const dir = tempDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'taken.sqlite'));
    expect((await failing(`sqlite://${join(dir, 'taken.sqlite')}`)).message).toBe(
      `STORE_URL: cannot open sqlite (${join(dir, 'taken.sqlite')}) (SQLITE_CANTOPEN)`,
    );
  });
});

describe('withLock in one process', () => {
  /** A lock that is always free, counting what is asked of it. */
  function freeLocks() {
    const asked = { acquire: 0, extend: 0, release: 0 };
    const acquire = (): Promise<StoreLock> => {
      asked.acquire += 1;
      return Promise.resolve({
        release: () => {
          asked.release += 1;
          return Promise.resolve();
        },
        extend: () => {
          asked.extend += 1;
          return Promise.resolve(true);
        },
      });
    };
    return { asked, acquire };
  }

  it('renews while the work runs, and the renewal ends with the work, returned or thrown', async () => {
    const { asked, acquire } = freeLocks();
    const live = new Map<unknown, () => void>();
    const timers = {
      setInterval: ((fn: () => void) => {
        const handle = { unref: () => handle };
        live.set(handle, fn);
        return handle;
      }) as unknown as typeof setInterval,
      clearInterval: ((handle: unknown) => live.delete(handle)) as typeof clearInterval,
    };
    const withLock = lockRunner(acquire, logger);
    await withLock('renewed', { ttlMs: 60_000, renewMs: 20_000, timers }, async () => {
      expect(live.size).toBe(1);
      for (const renew of live.values()) renew();
      await Promise.resolve();
    });
    expect(asked).toEqual({ acquire: 1, extend: 1, release: 1 });
    expect(live.size).toBe(0);
    await expect(
      withLock('renewed', { ttlMs: 60_000, renewMs: 20_000, timers }, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(live.size).toBe(0);
    expect(asked.release).toBe(2);
  });

  it('lets work of this process that waits take its turn in memory, without asking the store again', async () => {
    const { asked, acquire } = freeLocks();
    const withLock = lockRunner(acquire, logger);
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = withLock('queued', { ttlMs: 60_000, waitMs: 30_000 }, async () => {
      order.push('first started');
      await new Promise<void>((done) => (finishFirst = done));
      order.push('first ended');
    });
    const second = withLock('queued', { ttlMs: 60_000, waitMs: 30_000 }, () => {
      order.push('second ran');
      return Promise.resolve();
    });
    await vi.waitFor(() => expect(order).toEqual(['first started']));
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first started', 'first ended', 'second ran']);
    expect(asked).toEqual({ acquire: 2, extend: 0, release: 2 });
  });
});
