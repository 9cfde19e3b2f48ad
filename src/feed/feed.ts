// Posts offer cards and alerts to the configured channel(s) and edits them as offers change.
// Messages go through Discord's REST API directly, so no message or channel cache is needed,
// and a deleted channel or a missing permission is recorded for /status instead of thrown.
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import { isOfferActive } from '../steam/enums.js';
import type { SteamClient } from '../steam/client.js';
import type { TradeOffer, TradeOfferAsset } from '../steam/types.js';
import { classKey } from '../steam/classInfo.js';
import type { GuildSettings, PostedAsset, PostedOffer, Store } from '../store/index.js';
import type { Telemetry } from '../telemetry.js';
import { offerButtons, offerEmbed, sentOfferAlert, type ActedBy, type OfferView } from '../format/offer.js';
import { mentionAllowed } from '../format/settings.js';
import { formatStockDelta } from '../format/tradebotsStock.js';
import type { OfferStockChange } from '../tradebots/stockEngine.js';

export interface FeedTarget {
  guildId: string;
  channelId: string;
}

export interface AlertOptions {
  /** Something only a person can fix: mention (and ping) the roles and users allowed to trade. */
  needsPerson?: boolean;
}

/** Supplies "what accepting changes in stock" for an offer card (the SteamTradeBots stock engine). */
export type StockChangeProvider = (offer: TradeOffer) => Promise<OfferStockChange | null>;

const CHANNEL_PROBLEMS: Record<number, string> = {
  [RESTJSONErrorCodes.UnknownChannel]: 'the channel was deleted',
  [RESTJSONErrorCodes.MissingAccess]: 'the bot cannot see the channel (Missing Access)',
  [RESTJSONErrorCodes.MissingPermissions]: 'the bot lacks permission to post there (Missing Permissions)',
};

/** What send() answers for an edit of a message someone deleted: nothing to retry. */
const MESSAGE_GONE = 'gone';

function postedAsset(a: TradeOfferAsset): PostedAsset {
  return {
    appid: a.appid,
    contextid: a.contextid,
    assetid: a.assetid,
    classid: a.classid,
    instanceid: a.instanceid,
    amount: a.amount,
  };
}

/** Cards whose record is not stored yet are known by server and offer. */
const unsavedKey = (posted: Pick<PostedOffer, 'guildId' | 'offerId'>): string => `${posted.guildId}:${posted.offerId}`;

export class Feed {
  /** Records of cards that were posted but could not be written to the store yet (by record key). */
  private readonly unsaved = new Map<string, PostedOffer>();

  constructor(
    private readonly deps: {
      client: Client;
      store: Store;
      steam: SteamClient;
      health: Health;
      logger: Logger;
      /** The home server (DISCORD_GUILD_ID): the only one that gets cards and alerts. */
      guildId: string;
      /** What accepting would change in the stock (SteamTradeBots), shown on active offers' cards. */
      stockChange?: StockChangeProvider;
      telemetry?: Telemetry;
    },
  ) {}

  /** The home server's feed channel, when one is set. Settings other servers once stored are never read. */
  async targets(): Promise<FeedTarget[]> {
    const { store, guildId } = this.deps;
    const settings = await store.getGuildSettings(guildId);
    return settings.channelId ? [{ guildId, channelId: settings.channelId }] : [];
  }

  /** Partner name, trade hold and stock change: the extras of a card, each optional. */
  async view(offer: TradeOffer, extras: { actedBy?: ActedBy | null; note?: string | null } = {}): Promise<OfferView> {
    const { steam, logger } = this.deps;
    const names = await steam.users.summaries([offer.partner]);
    let hold = null;
    if (isOfferActive(offer.state) && !offer.isOurOffer) {
      hold = await steam.offers.getHoldDurations(offer.partner, undefined, 5000).catch((error: unknown) => {
        logger.debug({ err: error, offerId: offer.id }, 'no trade hold information');
        return null;
      });
    }
    const change =
      isOfferActive(offer.state) && this.deps.stockChange ? await this.deps.stockChange(offer).catch(() => null) : null;
    const stockChange = change && formatStockDelta(change.delta, undefined, change.gameNames);
    return {
      offer,
      partnerName: names.get(offer.partner)?.personaName ?? null,
      hold,
      actedBy: extras.actedBy ?? null,
      stockChange,
      note: extras.note ?? null,
    };
  }

  /**
   * Posts a new received offer once per target; a restart finds the record and skips it.
   * Returns false when some channel could not get it (none configured, deleted, no
   * permission), so the poller tries again later instead of forgetting the offer.
   */
  async postOffer(offer: TradeOffer): Promise<boolean> {
    const targets = await this.targets();
    let complete = targets.length > 0;
    let view: OfferView | null = null;
    for (const target of targets) {
      const unsaved = this.unsaved.get(unsavedKey({ guildId: target.guildId, offerId: offer.id }));
      if (unsaved) {
        // Posted already; only its record could not be kept. Keep it now, never post twice.
        await this.keepRecord(unsaved);
        continue;
      }
      if (await this.deps.store.getPostedOffer(target.guildId, offer.id)) continue;
      view ??= await this.view(offer);
      const message = await this.send(target, 'post', {
        embeds: [offerEmbed(view)],
        components: offerButtons(offer),
      });
      if (!message || message === MESSAGE_GONE) {
        complete = false;
        continue;
      }
      this.deps.logger.info({ offerId: offer.id, guildId: target.guildId }, 'offer posted');
      await this.keepRecord({
        offerId: offer.id,
        guildId: target.guildId,
        channelId: target.channelId,
        messageId: message.id,
        lastState: offer.state,
        actedBy: null,
        items: { give: offer.itemsToGive.map(postedAsset), receive: offer.itemsToReceive.map(postedAsset) },
      });
      this.deps.telemetry?.offerCard('posted');
    }
    return complete;
  }

  /**
   * Writes a card's record. When the store refuses, the record stays in memory (so the next poll
   * edits this card instead of posting another) and the error goes up, so the poller tries again.
   */
  private async keepRecord(posted: PostedOffer): Promise<void> {
    try {
      await this.deps.store.setPostedOffer(posted);
      this.unsaved.delete(unsavedKey(posted));
    } catch (error) {
      this.unsaved.set(unsavedKey(posted), posted);
      throw error;
    }
  }

  /**
   * The offer with the items its card named: Steam may list a finished offer with no items, or
   * with items it could not give ids for, and the card must keep naming what it named.
   */
  private async asCardNamedIt(offer: TradeOffer, posted: PostedOffer): Promise<TradeOffer> {
    const whole = offer.itemsToGive.length + offer.itemsToReceive.length > 0 && !offer.unreadableItems;
    if (whole || !posted.items) return offer;
    const items = [...posted.items.give, ...posted.items.receive];
    const names = await this.deps.steam.classes.describe(items);
    const asItems = (list: PostedAsset[]) =>
      list.map((a) => ({ ...a, missing: false, description: names.get(classKey(a)) ?? null }));
    const { unreadableItems: _unreadable, ...rest } = offer;
    return { ...rest, itemsToGive: asItems(posted.items.give), itemsToReceive: asItems(posted.items.receive) };
  }

  /**
   * Edits every posted card of the offer to its current state (buttons go once it is no longer
   * active). Called by the poller and right after an action from Discord; the stored
   * lastState makes the second of those calls a no-op. Returns false when a card could not be
   * edited for a reason that may pass (channel hidden, no permission, Discord error), so the
   * poller tries again instead of leaving Accept buttons on a finished offer; a card someone
   * deleted is not recreated.
   */
  async refreshOffer(
    offer: TradeOffer,
    options: { actedBy?: ActedBy; note?: string; force?: boolean } = {},
  ): Promise<boolean> {
    let complete = true;
    for (const target of await this.targetsWithCard(offer.id)) {
      const { posted } = target;
      const actedBy = options.actedBy ?? posted.actedBy;
      if (!options.force && posted.lastState === offer.state && !options.actedBy) continue;
      const view = await this.view(await this.asCardNamedIt(offer, posted), { actedBy, note: options.note ?? null });
      const result = await this.send(
        target,
        'edit',
        { embeds: [offerEmbed(view)], components: offerButtons(offer) },
        posted.messageId,
      );
      if (result === null) {
        complete = false;
        continue;
      }
      await this.keepRecord({ ...posted, lastState: offer.state, actedBy: actedBy ?? null });
      if (result !== MESSAGE_GONE) {
        this.deps.telemetry?.offerCard('edited');
        this.deps.logger.info({ offerId: offer.id, state: offer.state, guildId: target.guildId }, 'offer card updated');
      }
    }
    return complete;
  }

  async getPosted(guildId: string, offerId: string): Promise<PostedOffer | undefined> {
    return this.unsaved.get(unsavedKey({ guildId, offerId })) ?? this.deps.store.getPostedOffer(guildId, offerId);
  }

  /** Records who acted before the card is edited, so a second click can be told. */
  async recordAction(offerId: string, actedBy: ActedBy): Promise<void> {
    for (const { posted } of await this.targetsWithCard(offerId)) {
      await this.keepRecord({ ...posted, actedBy });
    }
  }

  async alertSentOffer(offer: TradeOffer, oldState: number | null): Promise<void> {
    const names = await this.deps.steam.users.summaries([offer.partner]);
    await this.alert(sentOfferAlert(offer, oldState, names.get(offer.partner)?.personaName));
  }

  /**
   * A plain text alert to every target channel. One that needs a person mentions the roles and
   * users allowed to trade, and pings only them.
   */
  async alert(content: string, options: AlertOptions = {}): Promise<void> {
    for (const target of await this.targets()) {
      const body = options.needsPerson
        ? mentionAllowed(content, await this.deps.store.getGuildSettings(target.guildId))
        : { content };
      await this.send(target, 'post', body);
    }
  }

  /**
   * An alert to the channels named by settings read earlier: when the store has lost its data,
   * these are the only record of where the feed went and whom to ping.
   */
  async alertKnown(known: ReadonlyMap<string, GuildSettings>, content: string): Promise<void> {
    for (const [guildId, settings] of known) {
      if (this.deps.guildId && guildId !== this.deps.guildId) continue;
      if (settings.channelId)
        await this.send({ guildId, channelId: settings.channelId }, 'post', mentionAllowed(content, settings));
    }
  }

  private async targetsWithCard(offerId: string): Promise<Array<FeedTarget & { posted: PostedOffer }>> {
    const found: Array<FeedTarget & { posted: PostedOffer }> = [];
    for (const target of await this.targets()) {
      const posted = await this.getPosted(target.guildId, offerId);
      if (posted) found.push({ guildId: posted.guildId, channelId: posted.channelId, posted });
    }
    return found;
  }

  private async send(
    target: FeedTarget,
    kind: 'post' | 'edit',
    body: Record<string, unknown>,
    messageId?: string,
  ): Promise<{ id: string } | typeof MESSAGE_GONE | null> {
    const { client, health, logger } = this.deps;
    const payload = { allowed_mentions: { parse: [] }, ...body };
    try {
      const result =
        kind === 'post'
          ? await client.rest.post(Routes.channelMessages(target.channelId), { body: payload })
          : await client.rest.patch(Routes.channelMessage(target.channelId, messageId!), { body: payload });
      health.channelOk(target.guildId);
      return result as { id: string };
    } catch (error) {
      const code = error instanceof DiscordAPIError ? Number(error.code) : null;
      const problem = code !== null ? CHANNEL_PROBLEMS[code] : undefined;
      if (problem) {
        health.channelFailed(target.guildId, target.channelId, problem);
        logger.warn({ guildId: target.guildId, channelId: target.channelId, code }, `cannot post offers: ${problem}`);
        return null;
      }
      if (code === RESTJSONErrorCodes.UnknownMessage) {
        logger.warn({ channelId: target.channelId, messageId }, 'the offer card was deleted; it is not recreated');
        return MESSAGE_GONE;
      }
      // Discord refused this message itself (Invalid Form Body): trying again will not help, and
      // the channel is fine. The caller decides (the poller gives up after a few polls).
      if (error instanceof DiscordAPIError && error.status === 400) throw error;
      logger.error({ err: error, channelId: target.channelId }, 'posting to Discord failed');
      health.channelFailed(target.guildId, target.channelId, 'posting failed (see the log)');
      return null;
    }
  }
}
