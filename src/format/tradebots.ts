// What /tradebots preview and /tradebots publish show. Pure: the payload exactly as it would
// be sent (pretty-printed JSON of the same object), the readable summary, and the site's
// answer with every refused field listed. The payload goes in an attached .json file, however
// short, so the reply stays small.
import type { APIEmbed } from 'discord.js';
import type { UpdateResult } from '../tradebots/api.js';
import type { SteamTradeBotsUpdate } from '../tradebots/payload.js';
import type { BudgetState, Preview, PublishOutcome } from '../tradebots/publishing.js';
import { COLORS } from './colors.js';
import { EMBED_LIMITS } from './limits.js';
import { escapeMarkdown } from './offer.js';
import { formatPayloadSummary } from './tradebotsStock.js';
import { thousands } from './text.js';

export const PAYLOAD_FILE_NAME = 'steamtradebots-update.json';

export const NOT_CONFIGURED_TEXT =
  'SteamTradeBots publishing is not configured: set `STEAMTRADEBOTS_API_KEY` (from the SteamTradeBots bot-owner dashboard) and restart the bot.';

export interface RenderedMessage {
  embeds: APIEmbed[];
  /** The payload as a file. */
  attachment: { name: string; content: string } | null;
}

const n = (v: number) => thousands(v);

function fieldList(update: SteamTradeBotsUpdate): string {
  const names = Object.keys(update);
  const shown = names.slice(0, 12).map((f) => `\`${f}\``);
  return `${shown.join(', ')}${names.length > shown.length ? `, … ${names.length - shown.length} more` : ''}`;
}

function clipLines(lines: readonly string[], limit: number): string {
  let text = '';
  for (const line of lines) {
    const next = text === '' ? line : `${text}\n${line}`;
    if (next.length > limit - 2) return `${text}\n…`;
    text = next;
  }
  return text;
}

function budgetText(budget: BudgetState, now: number): string {
  const base = `${n(budget.used)} of ${n(budget.limit)} requests used in the last 5 minutes`;
  return budget.waitMs > 0 ? `${base}; the next may go <t:${Math.ceil((now + budget.waitMs) / 1000)}:R>` : base;
}

/** The JSON exactly as sent, indented for reading (the request body is the same object, compact). */
export function prettyPayload(update: SteamTradeBotsUpdate): string {
  return JSON.stringify(update, null, 2);
}

export function previewMessage(preview: Preview, now: number): RenderedMessage {
  const json = prettyPayload(preview.payload);
  const summary = formatPayloadSummary(preview.payload, { unknownSetSizes: preview.unknownSetSizes });

  const notes: string[] = [];
  if (!preview.configured) notes.push(`⚠️ ${NOT_CONFIGURED_TEXT} This is what would be sent.`);
  if (!preview.ratesFile.present) {
    notes.push(`No rates file (\`${escapeMarkdown(preview.ratesFile.path)}\`): only status and stock are sent.`);
  }
  if (preview.configured) {
    if (preview.pending === null)
      notes.push('Nothing has been published with this key yet: the first update sends it all.');
    else if (Object.keys(preview.pending).length === 0) {
      notes.push(
        `Nothing changed since the last accepted update${preview.lastPublishedAt ? ` (<t:${Math.floor(preview.lastPublishedAt / 1000)}:R>)` : ''}.`,
      );
    } else {
      notes.push(`Changed since the last accepted update (sent automatically): ${fieldList(preview.pending)}.`);
    }
    if (preview.budget) notes.push(`Budget: ${budgetText(preview.budget, now)}.`);
  }

  const summaryEmbed: APIEmbed = {
    title: 'Summary',
    color: COLORS.neutral,
    description: clipLines(summary.length > 0 ? summary : ['(empty payload)'], EMBED_LIMITS.description),
  };
  if (notes.length > 0)
    summaryEmbed.fields = [{ name: 'Publishing', value: clipLines(notes, EMBED_LIMITS.fieldValue) }];

  // Always a file: the exact JSON to download or copy, instead of a long code block.
  const attached: APIEmbed = {
    title: 'SteamTradeBots update preview',
    color: COLORS.neutral,
    description: `The payload (${n(json.length)} characters) is attached as \`${PAYLOAD_FILE_NAME}\`, exactly as it would be sent.`,
  };
  return { embeds: [attached, summaryEmbed], attachment: { name: PAYLOAD_FILE_NAME, content: `${json}\n` } };
}

function waitText(waitMs: number, now: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `<t:${Math.ceil((now + waitMs) / 1000)}:R> (${seconds >= 120 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`})`;
}

function resultEmbed(result: UpdateResult, payload: SteamTradeBotsUpdate, budget: BudgetState, now: number): APIEmbed {
  const site = result.message ? `SteamTradeBots said: “${escapeMarkdown(result.message)}”` : '';
  const sent = `Sent ${n(Object.keys(payload).length)} fields (the full update).`;
  const footer = { text: `${budget.used} of ${budget.limit} requests used in the last 5 minutes` };
  switch (result.kind) {
    case 'ok':
      return {
        title: 'Published to SteamTradeBots',
        color: COLORS.good,
        description: `${site}\n${sent}`,
        fields: [
          {
            name: 'Published',
            value: clipLines(formatPayloadSummary(payload), EMBED_LIMITS.fieldValue) || '(empty payload)',
          },
        ],
        footer,
      };
    case 'invalid': {
      const entries = Object.entries(result.fieldErrors);
      const lines = entries.map(([field, error]) => `• \`${field.replace(/`/g, "'")}\`: ${escapeMarkdown(error)}`);
      return {
        title: 'SteamTradeBots refused the update (HTTP 400)',
        color: COLORS.bad,
        description: clipLines(
          [
            site,
            '',
            entries.length > 0
              ? `${n(entries.length)} field${entries.length === 1 ? '' : 's'} refused:`
              : 'No field was named.',
            ...lines,
          ],
          EMBED_LIMITS.description,
        ),
        footer,
      };
    }
    case 'unauthorized':
      return {
        title: `SteamTradeBots refused the API key (HTTP ${result.status})`,
        color: COLORS.bad,
        description:
          `${site}\n` +
          (result.status === 401
            ? 'The request carried no API key.'
            : 'Check `STEAMTRADEBOTS_API_KEY`, and that the bot is verified and active on the SteamTradeBots dashboard.') +
          '\nAutomatic publishing is paused until a publish gets through.',
        footer,
      };
    case 'rateLimited':
      return {
        title: 'SteamTradeBots rate limit (HTTP 429)',
        color: COLORS.warning,
        description: `${site}\nNothing was updated. The next request may go ${waitText((result.retryAfterSeconds ?? 60) * 1000, now)}.`,
        footer,
      };
    case 'serverError':
      return {
        title: `SteamTradeBots had a server error (HTTP ${result.status})`,
        color: COLORS.bad,
        description: `${site}\nNothing was updated; try again later. Automatic publishing retries on its own.`,
        footer,
      };
    case 'methodNotAllowed':
    case 'unexpected':
      return {
        title: `SteamTradeBots answered HTTP ${result.status}`,
        color: COLORS.bad,
        description: `${site || escapeMarkdown(result.message)}\nThe update may not have been applied.`,
        footer,
      };
    case 'unreachable':
      return {
        title: 'SteamTradeBots could not be reached',
        color: COLORS.bad,
        description: `${escapeMarkdown(result.message)}. Nothing was updated; try again later.`,
        footer,
      };
  }
}

/** The reply to /tradebots publish (notConfigured is answered before anything is loaded). */
export function publishMessage(outcome: PublishOutcome, now: number): { content?: string; embeds?: APIEmbed[] } {
  switch (outcome.kind) {
    case 'notConfigured':
      return { content: NOT_CONFIGURED_TEXT };
    case 'stopped':
      return { content: 'The bot is shutting down; nothing was sent.' };
    case 'deferred':
      return {
        content:
          outcome.cause === 'retryAfter'
            ? `Not sent: SteamTradeBots asked to wait (HTTP 429). It can go ${waitText(outcome.waitMs, now)}.`
            : `Not sent: the SteamTradeBots budget of 10 requests per 5 minutes is used up. It can go ${waitText(outcome.waitMs, now)}; automatic publishing sends the changes then.`,
      };
    case 'answered':
      return { embeds: [resultEmbed(outcome.result, outcome.payload, outcome.budget, now)] };
  }
}
