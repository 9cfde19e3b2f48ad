// /inventory show: one inventory context, grouped by market_hash_name with quantities, totals
// and tradable/marketable marks, paged with buttons. Input is checked before anything reaches
// Steam; the reply is deferred at once and shows page-by-page progress while Steam loads.
import { SlashCommandSubcommandBuilder } from 'discord.js';
import { invalidInput } from '../../errors.js';
import {
  appChoices,
  defaultContextFor,
  inventoryProgressText,
  MAX_APP_ID,
  pageCount,
  renderInventoryPage,
  type InventoryViewData,
} from '../../format/inventory.js';
import { aggregateInventory } from '../../steam/inventoryGroups.js';
import type { Subcommand } from '../types.js';
import { personaName, readUserOption, resolveUser } from './common.js';
import { inventoryPageIds } from './page.js';
import { ProgressReporter } from '../progress.js';

export const MAX_SEARCH = 100;

export const show: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('show')
    .setDescription('Items of a Steam inventory with quantities, tradable and marketable marks')
    .addIntegerOption((o) =>
      o
        .setName('app')
        .setDescription('Steam app id: 730 CS2, 440 TF2, 570 Dota 2, 753 Steam, 252490 Rust…')
        .setRequired(true)
        .setAutocomplete(true)
        .setMinValue(1)
        .setMaxValue(MAX_APP_ID),
    )
    .addIntegerOption((o) =>
      o.setName('context').setDescription('Inventory context (default 2; 6 for Steam, app 753)').setMinValue(1),
    )
    .addStringOption((o) =>
      o
        .setName('user')
        .setDescription('SteamID64, profile URL or trade URL (default: the bot account)')
        .setMaxLength(200),
    )
    .addStringOption((o) =>
      o.setName('search').setDescription('Only items whose name or type contains this').setMaxLength(MAX_SEARCH),
    ),
  requires: 'everyone',

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'app' ? appChoices(String(focused.value)) : []);
  },

  async execute(interaction, ctx) {
    // Everything the user typed is checked first: a bad value never reaches Steam.
    const appid = interaction.options.getInteger('app', true);
    if (!Number.isSafeInteger(appid) || appid < 1 || appid > MAX_APP_ID) {
      throw invalidInput('app', String(appid), 'is not a Steam app id (a positive number such as 730)');
    }
    const contextOption = interaction.options.getInteger('context');
    if (contextOption !== null && (!Number.isSafeInteger(contextOption) || contextOption < 1)) {
      throw invalidInput(
        'context',
        String(contextOption),
        'is not an inventory context id (a positive number such as 2)',
      );
    }
    const contextid = contextOption !== null ? String(contextOption) : defaultContextFor(appid);
    const userRef = readUserOption(interaction);
    const searchRaw = interaction.options.getString('search');
    const search = searchRaw?.trim() ? searchRaw.trim() : null;
    if (search !== null && search.length > MAX_SEARCH) {
      throw invalidInput('search', search, `is longer than ${MAX_SEARCH} characters`);
    }

    await interaction.deferReply();
    const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId });
    const progress = new ProgressReporter((text) => interaction.editReply({ content: text }), {
      onError: (error) => log.warn({ err: error }, 'could not show inventory progress'),
    });
    try {
      const steamid = await resolveUser(userRef, ctx);
      const key = { steamid, appid, contextid };
      // The Steam layer's one cache: what the stock engine or an earlier command loaded is reused.
      const cache = ctx.steam.inventoryCache;
      if (!cache.peek(key)) progress.report(inventoryProgressText(null));
      const [loaded, persona] = await Promise.all([
        cache.get(key, {
          onProgress: (p) => {
            progress.report(inventoryProgressText(p));
          },
        }),
        personaName(steamid, ctx),
      ]);
      await progress.close();

      const { inventory } = loaded;
      const data: InventoryViewData = {
        steamid,
        personaName: persona,
        appid,
        contextid,
        search,
        groups: aggregateInventory(inventory.items, search ?? undefined),
        visibleAssets: inventory.items.length,
        totalInventoryCount: inventory.totalInventoryCount,
        hiddenItems: inventory.hiddenItems,
        loadedAt: loaded.loadedAt,
      };
      // Only a list with more than one page needs to be remembered for its buttons. If the store
      // cannot keep it, the first page is still worth showing, without buttons.
      let ids: ((page: number) => string) | null = null;
      if (pageCount(data.groups) > 1) {
        try {
          ids = inventoryPageIds({
            viewId: await ctx.inventoryViews.add(interaction.user.id, data),
            ownerId: interaction.user.id,
          });
        } catch (error) {
          log.warn({ err: error }, 'could not keep the inventory list for its page buttons');
        }
      }
      log.info(
        {
          steamid,
          appid,
          contextid,
          assets: inventory.items.length,
          kinds: data.groups.length,
          cached: loaded.fromCache,
        },
        'inventory shown',
      );
      await interaction.editReply({ content: '', ...renderInventoryPage(data, 0, ids) });
    } catch (error) {
      // No late progress line may overwrite the reason, which the dispatcher tells privately.
      await progress.close();
      throw error;
    }
  },
};
