import { describe, expect, it } from 'vitest';
import { explainSendFailure, parseSendOptions } from '../../../src/commands/offers/send.js';
import { UserError } from '../../../src/errors.js';
import { SendOutcomeUnknownError, SteamEResultError, SteamBusyError } from '../../../src/steam/errors.js';
import { describeError } from '../../../src/format/errors.js';

const BOT = '76561198000000099';
const TRADE_URL = 'https://steamcommunity.com/tradeoffer/new/?partner=39734273&token=AbCd1234';
const PARTNER = '76561198000000001';

function parse(
  overrides: Partial<{ partner: string; give: string | null; receive: string | null; message: string | null }>,
) {
  return parseSendOptions({ partner: TRADE_URL, give: '1', receive: null, message: null, ...overrides }, BOT);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const bare = (assetid: string) => ({ text: assetid, appid: null, contextid: null, assetid, amount: null });

describe('parseSendOptions', () => {
  it('takes the SteamID64 and token from a trade URL', () => {
    expect(parse({ give: '11, 22', receive: '33', message: 'hi' })).toEqual({
      partner: '76561198000000001',
      token: 'AbCd1234',
      give: [bare('11'), bare('22')],
      receive: [bare('33')],
      message: 'hi',
    });
  });

  it('takes a bare SteamID64 without a token', () => {
    expect(parse({ partner: PARTNER, give: null, receive: '5' })).toEqual({
      partner: PARTNER,
      give: [],
      receive: [bare('5')],
      message: '',
    });
  });

  it('names `partner` when it is malformed, a custom URL or the bot itself', () => {
    expect(
      refusal(() => parse({ partner: 'https://steamcommunity.com/tradeoffer/new/?partner=abc&token=AbCd1234' })),
    ).toBe(
      '`partner`: "https://steamcommunity.com/tradeoffer/new/?partner=abc&token=AbCd1234" has no valid partner id; give a trade URL or a SteamID64. Nothing was sent to Steam.',
    );
    expect(refusal(() => parse({ partner: '1234' }))).toBe(
      '`partner`: "1234" is not a valid SteamID64 (17 digits); give a trade URL or a SteamID64. Nothing was sent to Steam.',
    );
    expect(refusal(() => parse({ partner: 'https://steamcommunity.com/id/gaben' }))).toBe(
      '`partner`: "https://steamcommunity.com/id/gaben" is a custom profile URL; give the trade URL or a SteamID64. Nothing was sent to Steam.',
    );
    expect(refusal(() => parse({ partner: BOT }))).toBe(
      `\`partner\`: "${BOT}" is the bot account itself. Nothing was sent to Steam.`,
    );
  });

  it('names `give` or `receive` when an asset list is malformed', () => {
    expect(refusal(() => parse({ give: '12,abc' }))).toBe(
      '`give`: "12,abc" has "abc", which is not an asset (an asset id like 26106175069, or app/context/asset like 753/6/26106175069, with :quantity for a stack). Nothing was sent to Steam.',
    );
    expect(refusal(() => parse({ give: '1', receive: '5 6' }))).toBe(
      '`receive`: "5 6" has "5 6", which is not an asset (an asset id like 26106175069, or app/context/asset like 753/6/26106175069, with :quantity for a stack). Nothing was sent to Steam.',
    );
    expect(refusal(() => parse({ give: '7, 7' }))).toBe(
      '`give`: "7, 7" lists asset 7 twice. Nothing was sent to Steam.',
    );
  });

  it('refuses an offer with nothing on either side', () => {
    expect(refusal(() => parse({ give: null, receive: '' }))).toBe(
      'Nothing to trade: list asset ids in `give` (the bot’s items) and/or `receive` (the partner’s items). Nothing was sent to Steam.',
    );
  });

  it('allows a message of 128 characters and names `message` when it is longer', () => {
    expect(parse({ message: 'm'.repeat(128) }).message).toBe('m'.repeat(128));
    expect(refusal(() => parse({ message: 'm'.repeat(129) }))).toBe(
      `\`message\`: "${'m'.repeat(80)}…" is 129 characters long; Steam allows 128. Nothing was sent to Steam.`,
    );
  });
});

describe('explainSendFailure', () => {
  const endpoint = 'steamcommunity.com/tradeoffer/new/send';

  it('tells a bare-SteamID64 sender that only friends can get offers without a trade URL', () => {
    const error = explainSendFailure(
      new SteamEResultError(endpoint, 15, 'There was an error sending your trade offer.  Please try again later.'),
      false,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      "Steam refused the offer (AccessDenied, EResult 15). Steam said: “There was an error sending your trade offer.  Please try again later.”. A bare SteamID64 works only for friends of the bot account: put the partner's trade URL in `partner` instead (they find it at https://steamcommunity.com/my/tradeoffers/privacy).",
    );
  });

  it('gives the likely reasons for AccessDenied with a trade URL', () => {
    expect((explainSendFailure(new SteamEResultError(endpoint, 15, ''), true) as Error).message).toBe(
      "Steam refused the offer (AccessDenied, EResult 15). The trade URL may be out of date, or the partner's inventory is private or full, or one of the accounts cannot trade right now.",
    );
  });

  it('says an unclear send whose offer was not found may still exist, and that nothing was sent twice', () => {
    expect(describeError(new SendOutcomeUnknownError('no answer (UND_ERR_SOCKET)', null))).toBe(
      'Steam’s answer to the send was unclear (no answer (UND_ERR_SOCKET)), and the offer does not show among the bot’s sent offers (yet). Steam may still have created it, so tradedesk did not send it again. Look at `/offers list direction:sent` in a minute before sending it again.',
    );
    expect(describeError(new SendOutcomeUnknownError('HTTP 502', 'HTTP 503'))).toMatch(
      /^Steam’s answer to the send was unclear \(HTTP 502\), and reading the bot’s sent offers to check failed too \(HTTP 503\)\./,
    );
  });

  it('leaves other failures to the common error text', () => {
    const withCause = new SteamEResultError(endpoint, 15, 'They have a trade ban.', 'TradeBan');
    expect(explainSendFailure(withCause, false)).toBe(withCause);
    const other = new SteamEResultError(endpoint, 26, '');
    expect(explainSendFailure(other, true)).toBe(other);
    const busy = new SteamBusyError(endpoint, 503, null);
    expect(explainSendFailure(busy, true)).toBe(busy);
  });
});
