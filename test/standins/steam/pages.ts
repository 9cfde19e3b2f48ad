// The HTML pages of the community site that clients scrape: the profile inventory page
// (g_rgAppContextData on one line), the badge page (gamecards), sign-in and error pages.
import type { Inventory, User } from './state.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const APP_NAMES: Record<number, string> = {
  753: 'Steam',
  730: 'Counter-Strike 2',
  440: 'Team Fortress 2',
  570: 'Dota 2',
  252490: 'Rust',
};

const CONTEXT_NAMES: Record<string, string> = {
  '753/1': 'Gifts',
  '753/3': 'Coupons',
  '753/6': 'Community',
  '753/7': 'Item Rewards',
  '730/2': 'Backpack',
  '730/16': 'Trade Protected',
};

export const appName = (appid: number): string => APP_NAMES[appid] ?? `App ${appid}`;

function page(title: string, body: string, scripts = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html class="responsive" lang="en">',
    '<head>',
    '\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
    `\t<title>${escapeHtml(title)}</title>`,
    '\t<link href="https://community.fastly.steamstatic.com/public/shared/css/motiva_sans.css" rel="stylesheet" type="text/css">',
    scripts,
    '</head>',
    '<body class="flat_page responsive_page">',
    '<div class="responsive_page_frame with_header">',
    '<div class="responsive_page_content">',
    body,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** `{appid: {…, rgContexts: {ctx: {asset_count, id, name}}}}`, or `[]` when there is nothing (Steam's quirk). */
export function appContextData(inventories: Inventory[]): unknown {
  const apps: Record<string, Record<string, unknown> & { rgContexts: Record<string, unknown>; asset_count: number }> =
    {};
  const sorted = [...inventories].sort((a, b) => a.appid - b.appid || Number(a.contextid) - Number(b.contextid));
  for (const inv of sorted) {
    if (inv.items.length === 0) continue;
    const key = String(inv.appid);
    const app = (apps[key] ??= {
      appid: inv.appid,
      name: appName(inv.appid),
      icon: `https://cdn.fastly.steamstatic.com/steamcommunity/public/images/apps/${inv.appid}/icon.jpg`,
      link: `https://steamcommunity.com/app/${inv.appid}`,
      asset_count: 0,
      inventory_logo: `https://cdn.fastly.steamstatic.com/steamcommunity/public/images/apps/${inv.appid}/logo.png`,
      trade_permissions: 'FULL',
      load_failed: 0,
      store_vetted: '1',
      owner_only: false,
      rgContexts: {},
    });
    app.asset_count += inv.items.length;
    app.rgContexts[inv.contextid] = {
      asset_count: inv.items.length,
      id: inv.contextid,
      name: CONTEXT_NAMES[`${inv.appid}/${inv.contextid}`] ?? 'Backpack',
    };
  }
  return Object.keys(apps).length === 0 ? [] : apps;
}

export function inventoryPage(o: { user: User; own: boolean; communityUrl: string; inventories: Inventory[] }): string {
  const data = JSON.stringify(appContextData(o.inventories));
  const scripts = [
    '\t<script type="text/javascript">',
    `\t\tg_strInventoryLoadURL = '${o.communityUrl}/inventory/${o.user.steamid}/';`,
    `\t\tvar g_bViewingOwnProfile = ${o.own ? 1 : 0};`,
    `\t\tvar g_strProfileURL = '${o.communityUrl}/profiles/${o.user.steamid}';`,
    // On one line but closed by `</script>` rather than a newline, as real pages have been seen
    // (docs/steam.md#inventory-contexts): only a reader that stops at the closing brace gets it right.
    `\t\tvar g_rgAppContextData = ${data};</script>`,
    `\t<script type="text/javascript">var g_strLanguage = 'english';`,
    '\t</script>',
  ].join('\n');
  return page(
    `Steam Community :: ${o.user.personaName} :: Inventory`,
    `<div class="profile_small_header_text"><a class="whiteLink persona_name_text_content" href="${o.communityUrl}/profiles/${o.user.steamid}">${escapeHtml(o.user.personaName)}</a> &raquo; Inventory</div>\n<div id="inventories"></div>`,
    scripts,
  );
}

export function privateInventoryPage(user: User): string {
  return page(
    `Steam Community :: ${user.personaName} :: Inventory`,
    `<div class="inventory_msg">\n\t<div class="inventory_msg_content">The inventory is currently private.</div>\n</div>`,
  );
}

export function privateProfilePage(user: User): string {
  return page(
    `Steam Community :: ${user.personaName}`,
    `<div class="profile_private_info">\n\tThis profile is private.\n</div>`,
  );
}

export function profileNotFoundPage(): string {
  return page(
    'Steam Community :: Error',
    `<div id="message" class="error_ctn">\n\t<h3>The specified profile could not be found.</h3>\n</div>`,
  );
}

export function signInPage(): string {
  return page(
    'Sign In',
    '<div class="login_container">Sign in</div>',
    '\t<script type="text/javascript">\n\t\tg_steamID = false;\n\t</script>',
  );
}

export function badgesPage(user: User): string {
  return page(`Steam Community :: ${user.personaName} :: Badges`, '<div class="badges_sheet"></div>');
}

/** The bot's own trade offers page: where a browser lands after acknowledging the trade-protection notice. */
export function tradeOffersPage(user: User): string {
  return page(`Steam Community :: ${user.personaName} :: Trade Offers`, '<div class="profile_leftcol"></div>');
}

export function notFoundPage(): string {
  return page(
    'Steam Community :: Error',
    '<div class="error_ctn"><h3>The page you requested could not be found.</h3></div>',
  );
}

export function gameCardsPage(o: {
  user: User;
  appid: number;
  foil: boolean;
  cards: Array<{ name: string; owned: number }>;
}): string {
  const cards = o.cards
    .map((card, i) => {
      const owned = card.owned > 0;
      return [
        `\t\t<div class="badge_card_set_card ${owned ? 'owned' : 'unowned'}">`,
        `\t\t\t<div class="game_card_ctn with_zoom">`,
        `\t\t\t\t<img class="gamecard" src="https://community.fastly.steamstatic.com/economy/image/card${o.appid}_${i + 1}/96fx96f">`,
        owned ? '' : '\t\t\t\t<div class="game_card_unowned_border"></div>',
        `\t\t\t</div>`,
        `\t\t\t<div class="badge_card_set_text ellipsis">`,
        owned ? `\t\t\t\t<div class="badge_card_set_text_qty">(${card.owned})</div>` : '',
        `\t\t\t\t${escapeHtml(card.name)}${o.foil ? ' (Foil)' : ''}`,
        `\t\t\t</div>`,
        `\t\t\t<div style="clear: right"></div>`,
        `\t\t\t<div class="badge_card_set_text game_card_unowned_border">${i + 1} of ${o.cards.length}, Series 1</div>`,
        `\t\t</div>`,
      ]
        .filter((line) => line !== '')
        .join('\n');
    })
    .join('\n');
  return page(
    `Steam Community :: ${o.user.personaName} :: ${appName(o.appid)}${o.foil ? ' Foil' : ''} Badge`,
    [
      '<div class="badge_detail_tasks">',
      '\t<div class="badge_card_set_cards">',
      cards,
      '\t\t<div style="clear: left;"></div>',
      '\t</div>',
      '</div>',
    ].join('\n'),
  );
}
