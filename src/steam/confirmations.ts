// Mobile confirmations (docs/steam.md#mobile-confirmations), so trades accepted or sent from Discord do not
// need a phone. Keys are signed with Steam's server time, not ours: a drifting clock makes
// getlist fail with "incorrect Steam Guard codes".
import { createHash, createHmac } from 'node:crypto';
import { EConfirmationType } from './enums.js';
import { SessionExpiredError, SteamEResultError } from './errors.js';
import type { SteamHttp } from './http.js';
import type { SteamResponse } from './request.js';
import { confirmationListResponse, confirmationOpResponse } from './wire/community.js';
import type { Sleep } from './scheduler.js';
import type { SteamClock } from './steamTime.js';
import type { MobileConfirmation } from './types.js';

/** identity_secret as base64 (maFile) or 40 hex characters (steam-totp accepts both). */
export function decodeIdentitySecret(secret: string): Buffer {
  return /^[0-9a-f]{40}$/i.test(secret) ? Buffer.from(secret, 'hex') : Buffer.from(secret, 'base64');
}

/** base64(HMAC-SHA1(secret, 8-byte big-endian time ‖ tag[0..32])). */
export function confirmationKey(identitySecret: string, time: number, tag: string): string {
  const tagBytes = Buffer.from(tag, 'utf8').subarray(0, 32);
  const message = Buffer.alloc(8 + tagBytes.length);
  message.writeBigUInt64BE(BigInt(Math.floor(time)), 0);
  tagBytes.copy(message, 8);
  return createHmac('sha1', decodeIdentitySecret(identitySecret)).update(message).digest('base64');
}

/** steam-totp's device id: SHA-1 of the SteamID64 laid out as a UUID. */
export function deviceIdFor(steamid: string): string {
  const hex = createHash('sha1').update(steamid).digest('hex');
  return `android:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `{"success":false,"needauth":true}` is a dead session, though it comes with HTTP 200 (docs/steam.md#mobile-confirmations). */
const needAuth = (res: SteamResponse): string | null => (/"needauth"\s*:\s*true/.test(res.text) ? 'needauth' : null);

export class ConfirmationService {
  private lastTime = 0;

  constructor(
    private readonly http: SteamHttp,
    private readonly identitySecret: string,
    private readonly steamid: string,
    private readonly sleep: Sleep,
    private readonly clock: SteamClock,
  ) {}

  /** A fresh signing time; never the same second twice in a row (node-steamcommunity does the same). */
  private async signingTime(): Promise<number> {
    let time = await this.clock.seconds();
    if (time <= this.lastTime) time = this.lastTime + 1;
    this.lastTime = time;
    return time;
  }

  private async params(tag: string): Promise<Record<string, string>> {
    const time = await this.signingTime();
    return {
      p: deviceIdFor(this.steamid),
      a: this.steamid,
      k: confirmationKey(this.identitySecret, time, tag),
      t: String(time),
      m: 'react',
      tag,
    };
  }

  async list(): Promise<MobileConfirmation[]> {
    const { data, response } = await this.http.json(
      {
        host: 'community',
        method: 'GET',
        path: '/mobileconf/getlist',
        query: { ...(await this.params('list')), l: 'english' },
        auth: 'cookies',
        lane: 'mobileconf',
        expiredWhen: needAuth,
      },
      confirmationListResponse,
    );
    if (data.needauth) throw new SessionExpiredError(response.endpoint, 'needauth');
    if (!data.success) {
      throw new SteamEResultError(
        response.endpoint,
        2,
        data.message ?? data.detail ?? 'Steam refused to list confirmations',
      );
    }
    return (data.conf ?? []).map((c) => ({
      id: c.id,
      nonce: c.nonce,
      type: c.type,
      creatorId: c.creator_id,
      headline: c.headline ?? '',
      summary: c.summary ?? [],
      created: new Date((c.creation_time ?? 0) * 1000),
    }));
  }

  async respond(confirmation: MobileConfirmation, op: 'allow' | 'cancel'): Promise<void> {
    const { data, response } = await this.http.json(
      {
        host: 'community',
        method: 'GET',
        path: '/mobileconf/ajaxop',
        query: { ...(await this.params(op)), op, cid: confirmation.id, ck: confirmation.nonce },
        auth: 'cookies',
        expiredWhen: needAuth,
      },
      confirmationOpResponse,
    );
    if (data.needauth) throw new SessionExpiredError(response.endpoint, 'needauth');
    if (!data.success) {
      throw new SteamEResultError(
        response.endpoint,
        2,
        data.message ?? `Steam refused to ${op} the confirmation`,
        'ConfirmationRefused',
      );
    }
  }

  /** The pending trade confirmation of an offer, read once; null when there is none. */
  async findTradeConfirmation(tradeofferid: string): Promise<MobileConfirmation | null> {
    return (await this.list()).find((c) => c.type === EConfirmationType.Trade && c.creatorId === tradeofferid) ?? null;
  }

  /**
   * Finds the trade confirmation for an offer and allows it. Confirmations can appear a moment
   * after send/accept returns, so the list is read a few times (spaced by the mobileconf lane).
   * Returns false when none showed up.
   */
  async confirmTradeOffer(tradeofferid: string, attempts = 3, retryDelayMs = 2000): Promise<boolean> {
    const { telemetry } = this.http;
    try {
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        const confirmation = await this.findTradeConfirmation(tradeofferid);
        if (confirmation) {
          await this.respond(confirmation, 'allow');
          telemetry.confirmation('confirmed');
          return true;
        }
        if (attempt + 1 < attempts) await this.sleep(retryDelayMs);
      }
    } catch (error) {
      telemetry.confirmation('failed');
      throw error;
    }
    telemetry.confirmation('not_found');
    return false;
  }
}
