// The poller over many polls, with the real parts around it: the Steam stand-in, a real SteamClient,
// a SQLite store in a temp dir and the Discord stand-in's REST API behind a discord.js client. What
// each poll leaves behind must not grow: live lock-renewal timers, store writes, Steam requests.
import { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Feed } from '../../src/feed/feed.js';
import { Poller } from '../../src/feed/poller.js';
import { Health } from '../../src/health.js';
import { createLogger } from '../../src/logger.js';
import { SteamClient } from '../../src/steam/client.js';
import { sentOfferAlerts } from '../../src/store/alerts.js';
import { lockRunner, type Store, type StoreLock } from '../../src/store/index.js';
import type { DiscordStandIn } from '../standins/discord/index.js';
import { gems, tf2Key, type SteamStandIn } from '../standins/steam/index.js';
import { startWorld, type World } from './world.js';

const PARTNER = '76561198000000301';

let steam: SteamStandIn;
let discord: DiscordStandIn;
let store: Store;
let client: Client;
let steamClient: SteamClient;
let writes: number;
const live = new Set<unknown>();

/** The store, counting every write: keyv values, and the lock's acquire, extend and release. */
function counting(inner: Store): Store {
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      writes += 1;
      return fn(...args);
    };
  const wrapLock = (lock: StoreLock): StoreLock => ({
    release: counted(() => lock.release()),
    extend: counted((ttl: number) => lock.extend(ttl)),
  });
  const acquireLock = counted(async (name: string, ttl: number) => {
    const lock = await inner.acquireLock(name, ttl);
    return lock && wrapLock(lock);
  });
  return Object.assign(Object.create(inner) as Store, {
    setPollBookmarks: counted(inner.setPollBookmarks.bind(inner)),
    setPostedOffer: counted(inner.setPostedOffer.bind(inner)),
    setValue: counted(inner.setValue.bind(inner)),
    deleteValue: counted(inner.deleteValue.bind(inner)),
    updateGuildSettings: counted(inner.updateGuildSettings.bind(inner)),
    acquireLock,
    // The store's own withLock, over the counted acquire: the lock's writes are counted too.
    withLock: lockRunner(acquireLock, createLogger({ level: 'silent', secrets: [], pretty: false })),
  });
}

/** setInterval / clearInterval that keep the set of intervals still running. */
const timers = {
  setInterval: ((fn: () => void, ms: number) => {
    const handle = setInterval(fn, ms);
    live.add(handle);
    return handle;
  }) as typeof setInterval,
  clearInterval: ((handle: NodeJS.Timeout) => {
    live.delete(handle);
    clearInterval(handle);
  }) as typeof clearInterval,
};

let world: World;

beforeEach(async () => {
  live.clear();
  writes = 0;
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Zoey' } });
  ({ steam, discord, store, client, steamClient } = world);
});

afterEach(async () => {
  await world.close();
});

function poller(): Poller {
  const logger = createLogger({ level: 'silent', secrets: [], pretty: false });
  const counted = counting(store);
  const health = new Health();
  const feed = new Feed({ client, store: counted, steam: steamClient, health, logger, guildId: discord.guild.id });
  const start = Date.now();
  return new Poller({
    steam: steamClient,
    store: counted,
    sentOfferAlerts: sentOfferAlerts(counted),
    feed,
    health,
    logger,
    intervalMs: 30_000,
    // A clock that stands still: no sweep falls due, so every idle poll is alike.
    now: () => start,
    timers,
  });
}

describe('the poller over many polls', () => {
  it('ends each poll with no renewal timer left, and the same store writes and Steam requests per idle poll', async () => {
    const p = poller();
    // Twenty offers posted, then accepted on Steam: finished offers inside the sweep window.
    const keys = Array.from({ length: 20 }, () => tf2Key());
    steam.setInventory(PARTNER, 440, '2', keys);
    steam.setInventory(steam.bot.steamid, 753, '6', [gems(1000)]);
    const ids = keys.map((key) => steam.addOffer({ partner: PARTNER, receive: [key.assetid!] }));
    expect((await p.pollNow())?.posted).toBe(20);
    for (const id of ids) steam.setOfferState(id, 3);
    expect((await p.pollNow())?.changed).toBe(20);
    // The bookmarks written with the new states change time_last_visit once more: one more fetch.
    await p.pollNow();
    expect(live.size).toBe(0);

    const perPoll: Array<{ writes: number; requests: number; timers: number }> = [];
    for (let i = 0; i < 40; i += 1) {
      const writesBefore = writes;
      const requestsBefore = steam.requests.length;
      const result = await p.pollNow();
      expect(result).toMatchObject({ fetched: false, glitched: 0, retry: 0 });
      perPoll.push({
        writes: writes - writesBefore,
        requests: steam.requests.length - requestsBefore,
        timers: live.size,
      });
    }
    // Each idle poll: the summary alone, its lock taken and given back, and no timer left running
    // (a renewal left behind by every poll would pile up and extend the lock for ever).
    expect(perPoll).toEqual(Array.from({ length: 40 }, () => ({ writes: 2, requests: 1, timers: 0 })));
    expect(steam.requests.filter((r) => r.path.includes('GetAssetClassInfo'))).toHaveLength(1);
  }, 60_000);
});
