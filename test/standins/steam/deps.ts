// What the three hosts share: the world, the token issuer, the bot's secrets and the base URLs.
import { createHmac } from 'node:crypto';
import type { Ctx } from './server.js';
import { splitLoginSecure, type TokenIssuer } from './jwt.js';
import type { World } from './state.js';

export interface Deps {
  world: World;
  issuer: TokenIssuer;
  bot: { steamid: string; identitySecret: string; apiKey: string; tradeBotsApiKey: string };
  urls: { community: string; webApi: string; tradeBots: string };
  tradeBotsKeyActive: boolean;
}

/** 'none' without a steamLoginSecure cookie; 'invalid' when it is not a live session of the bot. */
export function cookieSession(ctx: Ctx, deps: Deps): 'none' | 'valid' | 'invalid' {
  const value = ctx.cookies.steamLoginSecure;
  if (!value) return 'none';
  const split = splitLoginSecure(value);
  if (!split || split.steamid !== deps.bot.steamid) return 'invalid';
  return deps.issuer.check(split.token, deps.world.now()) ? 'valid' : 'invalid';
}

export function tokenValid(token: string, deps: Deps): boolean {
  return deps.issuer.check(token, deps.world.now()) !== null;
}

/** Steam's server time (what QueryTime answers and what confirmation keys are checked against). */
export function serverTime(deps: Deps): number {
  return deps.world.now() + deps.world.options.serverTimeOffsetSeconds;
}

/** base64(HMAC-SHA1(base64decode(identity_secret), 8-byte big-endian time ‖ tag[0..32])). */
export function confirmationKey(identitySecret: string, time: number, tag: string): string {
  const tagBytes = Buffer.from(tag, 'utf8').subarray(0, 32);
  const message = Buffer.alloc(8 + tagBytes.length);
  message.writeBigUInt64BE(BigInt(time), 0);
  tagBytes.copy(message, 8);
  return createHmac('sha1', Buffer.from(identitySecret, 'base64')).update(message).digest('base64');
}

export function avatarUrl(hash: string, size: '' | '_medium' | '_full' = '_full'): string {
  return `https://avatars.fastly.steamstatic.com/${hash}${size}.jpg`;
}
