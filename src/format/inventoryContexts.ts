// Pure rendering for /inventory contexts: every app and context of a user's inventory, within
// Discord's embed limits.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { InventoryContext } from '../steam/types.js';
import { COLORS } from './colors.js';
import { MAX_NAME } from './inventory.js';
import { EMBED_LIMITS } from './limits.js';
import { escapeMarkdown } from './offer.js';
import { cut, plural } from './text.js';

/** Number of characters Discord counts against the 6000 total of an embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

const CONTEXT_LINE_SEPARATOR = '\n';

function contextLine(context: InventoryContext): string {
  return `\`${context.appid}/${context.contextid}\` ${escapeMarkdown(cut(context.contextName, MAX_NAME))} — ${plural(context.assetCount, 'item')}`;
}

/**
 * Every app and context of a user's inventory: one field per app (its contexts as lines),
 * within Discord's limits of 25 fields, 1024 per field and 6000 per embed; whatever does not
 * fit is counted in the footer.
 */
export function contextsEmbed(
  steamid: string,
  personaName: string | null,
  contexts: readonly InventoryContext[],
): APIEmbed {
  const who = personaName !== null ? escapeMarkdown(personaName) : steamid;
  const embed: APIEmbed = {
    title: cut(`Inventory contexts of ${who}`, EMBED_LIMITS.title),
    url: `https://steamcommunity.com/profiles/${steamid}/inventory/`,
    color: COLORS.neutral,
  };
  if (contexts.length === 0) {
    embed.description = `${who} has no items in any inventory Steam shows.`;
    embed.color = COLORS.muted;
    return embed;
  }

  const apps = new Map<number, InventoryContext[]>();
  for (const context of contexts) apps.set(context.appid, [...(apps.get(context.appid) ?? []), context]);
  const totalItems = contexts.reduce((sum, context) => sum + context.assetCount, 0);
  embed.description = `${plural(apps.size, 'app')}, ${plural(contexts.length, 'context')}, ${plural(totalItems, 'item')}. Show one with \`/inventory show app:<app> context:<context>\`.`;

  const fields: APIEmbedField[] = [];
  // Room for the footer that may be added below ("…and 123 more apps not shown").
  const budget = EMBED_LIMITS.total - embedLength(embed) - 64;
  let used = 0;
  let shown = 0;
  for (const [appid, appContexts] of apps) {
    const first = appContexts[0]!;
    const permissions = first.tradePermissions !== 'FULL' ? ` · trading: ${first.tradePermissions}` : '';
    const name = cut(
      `${escapeMarkdown(cut(first.appName, MAX_NAME))} (${appid})${permissions}`,
      EMBED_LIMITS.fieldName,
    );
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; i < appContexts.length; i += 1) {
      const line = contextLine(appContexts[i]!);
      const rest = appContexts.length - i;
      const tail = `…and ${plural(rest, 'more context')}`;
      const added = (lines.length ? CONTEXT_LINE_SEPARATOR.length : 0) + line.length;
      const roomForTail = i < appContexts.length - 1 ? CONTEXT_LINE_SEPARATOR.length + tail.length : 0;
      if (length + added + roomForTail > EMBED_LIMITS.fieldValue) {
        lines.push(tail);
        break;
      }
      lines.push(line);
      length += added;
    }
    const value = lines.join(CONTEXT_LINE_SEPARATOR);
    if (fields.length >= EMBED_LIMITS.fields || used + name.length + value.length > budget) break;
    fields.push({ name, value });
    used += name.length + value.length;
    shown += 1;
  }
  embed.fields = fields;
  if (shown < apps.size) embed.footer = { text: `…and ${plural(apps.size - shown, 'more app')} not shown` };
  return embed;
}
