// How `npm start` starts the bot, read from package.json's start script (environment
// assignments, then node with its flags and the entry point), so that the e2e tests, the
// benches and the Dockerfile check start it exactly that way. Settings that glibc and V8 read
// only at process start live there (README, "Speed and memory").
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';

// The same file whether this runs from test/ (vitest) or compiled from dist/test/ (bench).
export const ROOT = resolve(
  import.meta.dirname,
  import.meta.dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..',
);

export interface Launch {
  /** Environment the script sets, e.g. { GLIBC_TUNABLES: '…' }. */
  env: Record<string, string>;
  /** node's own flags, before the entry point. */
  nodeArgs: string[];
  /** The entry point, relative to the repository. */
  entry: string;
}

export function startScript(): string {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = pkg.scripts.start;
  if (!start) throw new Error('package.json has no start script');
  return start;
}

/** The start script taken apart; anything but `VAR=value … node --flag … entry.js` is an error. */
export function npmStart(script = startScript()): Launch {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const word = words.shift()!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  if (words.shift() !== 'node') throw new Error(`the start script does not run node: ${script}`);
  const entry = words.pop();
  if (!entry?.endsWith('.js') || !words.every((w) => w.startsWith('--'))) {
    throw new Error(`the start script is not "VAR=value … node --flag … entry.js": ${script}`);
  }
  return { env, nodeArgs: words, entry };
}
