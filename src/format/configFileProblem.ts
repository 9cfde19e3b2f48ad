// The words for a problem in one of the owner's config files (tradebots/configFile.ts): one
// line naming the file, the field and what was expected, for the startup line and the
// rates-file alert.
import type { ConfigFileProblem } from '../tradebots/configFile.js';
import type { TradeBotsStartupError } from '../tradebots/service.js';

/** The one line startup stops with when a rates or set-size file cannot be used. */
export function tradeBotsStartupLine(error: TradeBotsStartupError): string {
  if (error.setting === 'STEAMTRADEBOTS_SET_SIZES_FILE')
    return `${error.setting}: ${setSizesFileProblemText(error.problem)}`;
  const hint = error.missing
    ? ' (publishing to SteamTradeBots needs one: copy rates.example.json, or write {} to publish stock and status only)'
    : '';
  return `${error.setting}: ${ratesFileProblemText(error.problem)}${hint}`;
}

/** `file: field.path: what was expected, got what` for the rates file. */
export function ratesFileProblemText(problem: ConfigFileProblem): string {
  const { file } = problem;
  switch (problem.kind) {
    case 'unreadable':
    case 'not-json':
      return readingProblemText(problem);
    case 'not-object':
      return `${file}: expected a JSON object, got ${describeValue(problem.got, 60)}`;
    case 'unknown-field': {
      const parent = problem.path.length > 0 ? `${problem.path.join('.')}.` : '';
      const hint = problem.suggestion ? ` (did you mean ${problem.suggestion}?)` : '';
      return `${file}: ${parent}${problem.field}: unknown field${hint}`;
    }
    case 'bad-key':
      return `${file}: ${problem.path.join('.') || '(top level)'}: ${problem.expected}, got ${JSON.stringify(problem.key)}`;
    case 'field': {
      const { path, got } = problem;
      const value = got === undefined ? '' : `, got ${describeValue(got, 60)}`;
      // custom_message has a length limit: say how long it was.
      const length =
        path[path.length - 1] === 'custom_message' && typeof got === 'string' ? ` (${[...got].length})` : '';
      return `${file}: ${path.join('.') || '(top level)'}: ${problem.expected}${value}${length}`;
    }
  }
}

/** `file: app id: what was expected, got what` for the set-size override file. */
export function setSizesFileProblemText(problem: ConfigFileProblem): string {
  const { file } = problem;
  switch (problem.kind) {
    case 'unreadable':
    case 'not-json':
      return readingProblemText(problem);
    case 'not-object':
      return `${file}: expected a JSON object, got ${describeValue(problem.got)}`;
    case 'unknown-field':
      return `${file}: ${[...problem.path, problem.field].join('.')}: unknown field`;
    case 'bad-key': {
      const where = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
      return `${file}: ${where}${problem.expected}, got ${JSON.stringify(problem.key)}`;
    }
    case 'field': {
      const where = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
      return `${file}: ${where}${problem.expected}, got ${describeValue(problem.got)}`;
    }
  }
}

function readingProblemText(problem: Extract<ConfigFileProblem, { kind: 'unreadable' | 'not-json' }>): string {
  if (problem.kind === 'not-json') return `${problem.file}: not valid JSON (${problem.detail})`;
  const why =
    problem.code === 'ENOENT' ? 'file not found' : `cannot read the file (${problem.code ?? 'unknown error'})`;
  return `${problem.file}: ${why}`;
}

/** A value as the owner wrote it, long strings cut to `maxLength` characters. */
function describeValue(v: unknown, maxLength = Infinity): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > maxLength ? `${v.slice(0, maxLength - 3)}...` : v);
  return String(v);
}
