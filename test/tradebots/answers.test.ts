// The site's answers as typed results (docs/steam.md#steamtradebots-answers), and the preview within
// Discord's limits whatever the size of the stock.
import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS } from '../../src/format/limits.js';
import { PAYLOAD_FILE_NAME, previewMessage } from '../../src/format/tradebots.js';
import { interpretAnswer } from '../../src/tradebots/api.js';
import type { Preview } from '../../src/tradebots/publishing.js';

describe('interpretAnswer', () => {
  it('reads every documented answer', () => {
    expect(interpretAnswer(200, '{"success": true, "message": "Bot data updated successfully."}')).toEqual({
      kind: 'ok',
      status: 200,
      message: 'Bot data updated successfully.',
    });
    expect(
      interpretAnswer(
        400,
        JSON.stringify({
          success: false,
          message: 'Invalid data provided. Please check the errors field for details.',
          errors: { buy_sets_hydra: "'buy_sets_hydra' must be a number...", stock_badges: { '730': 'bad' } },
        }),
      ),
    ).toEqual({
      kind: 'invalid',
      status: 400,
      message: 'Invalid data provided. Please check the errors field for details.',
      fieldErrors: { buy_sets_hydra: "'buy_sets_hydra' must be a number...", stock_badges: '{"730":"bad"}' },
    });
    expect(
      interpretAnswer(401, '{"success": false, "message": "Authentication failed. API key missing from URL."}'),
    ).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(
      interpretAnswer(403, '{"success": false, "message": "Authentication failed or bot is inactive/unverified."}'),
    ).toMatchObject({ kind: 'unauthorized', status: 403 });
    expect(interpretAnswer(405, '{"success": false, "message": "Invalid request method."}')).toMatchObject({
      kind: 'methodNotAllowed',
    });
    expect(
      interpretAnswer(
        429,
        '{"success": false, "message": "Rate limit exceeded. Please try again later.", "errors": {"retry_after_seconds": 60}}',
        '30',
      ),
    ).toEqual({
      kind: 'rateLimited',
      status: 429,
      message: 'Rate limit exceeded. Please try again later.',
      retryAfterSeconds: 60,
    });
    expect(interpretAnswer(500, '{"success": false, "message": "An internal server error occurred."}')).toEqual({
      kind: 'serverError',
      status: 500,
      message: 'An internal server error occurred.',
    });
  });

  it('does not take a 200 without success for an accepted update, and survives HTML', () => {
    expect(interpretAnswer(200, '<html>maintenance</html>')).toMatchObject({ kind: 'unexpected', status: 200 });
    expect(interpretAnswer(200, '{"success": false, "message": "Bot not found"}')).toMatchObject({
      kind: 'unexpected',
      message: 'HTTP 200 without "success": true: Bot not found',
    });
    expect(interpretAnswer(502, '<html>Bad gateway</html>')).toEqual({
      kind: 'serverError',
      status: 502,
      message: 'HTTP 502',
    });
    expect(interpretAnswer(429, '', null)).toMatchObject({ kind: 'rateLimited', retryAfterSeconds: null });
    expect(interpretAnswer(404, '')).toEqual({ kind: 'unexpected', status: 404, message: 'HTTP 404' });
  });
});

function preview(stockGames: number): Preview {
  const badges: Record<string, number> = {};
  for (let i = 0; i < stockGames; i++) badges[String(200_000 + i * 10)] = 1 + (i % 7);
  return {
    configured: true,
    payload: {
      status: 'online',
      buy_sets_tf2: 20,
      stock_sets: Object.values(badges).reduce((a, b) => a + b, 0),
      stock_unique_sets: stockGames,
      stock_badges: badges,
      stock_badge_appids: Object.keys(badges).map(Number),
      last_update_timestamp: 1_780_000_000,
    },
    unknownSetSizes: [570],
    pending: {},
    lastPublishedAt: 1_780_000_000_000,
    budget: { used: 3, limit: 10, waitMs: 0 },
    ratesFile: { path: 'rates.json', present: true },
  };
}

const totalLength = (embeds: ReturnType<typeof previewMessage>['embeds']) =>
  embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );

describe('previewMessage', () => {
  it('attaches even a small payload as a .json file, exactly', () => {
    const p = preview(3);
    const message = previewMessage(p, 1_780_000_000_000);
    expect(message.attachment).toEqual({ name: PAYLOAD_FILE_NAME, content: `${JSON.stringify(p.payload, null, 2)}\n` });
    expect(message.embeds[0]!.description).toContain(`attached as \`${PAYLOAD_FILE_NAME}\``);
    expect(message.embeds[1]!.description).toContain('Not counted: set size unknown for 1 game (570)');
  });

  it('attaches a payload too long for a message, and stays within the limits', () => {
    const p = preview(2000);
    const message = previewMessage(p, 1_780_000_000_000);
    expect(message.attachment?.name).toBe(PAYLOAD_FILE_NAME);
    expect(JSON.parse(message.attachment!.content)).toEqual(p.payload);
    for (const embed of message.embeds) expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(totalLength(message.embeds)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });
});
