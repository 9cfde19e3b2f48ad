// The owner's JSON files (rates, set-size overrides) are read the same way: a missing or
// unreadable file is told apart from a bad one, because a missing rates file at startup gets
// its own hint while a bad one names the field. What went wrong is said as a typed problem;
// the words are format/configFileProblem.ts's.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** Why an owner's config file cannot be used; `file` is the path as configured. */
export type ConfigFileProblem =
  /** The file cannot be read; `code` is the system's error code (ENOENT: not there). */
  | { kind: 'unreadable'; file: string; code: string | undefined }
  | { kind: 'not-json'; file: string; detail: string }
  /** The file is JSON but not an object; `got` is what it holds. */
  | { kind: 'not-object'; file: string; got: unknown }
  /** A field the file may not have; `suggestion` is the known field it is nearest to. */
  | { kind: 'unknown-field'; file: string; path: readonly string[]; field: string; suggestion: string | null }
  /** A key of an object of keys → values (under `path`) fails its check. */
  | { kind: 'bad-key'; file: string; path: readonly string[]; key: string; expected: string }
  /** The value at `path` fails its check; `got` is the value, undefined when there is none. */
  | { kind: 'field'; file: string; path: readonly string[]; expected: string; got: unknown };

/** A file that could not be read, or could be read but not used. */
export type ConfigFileRefusal = { ok: false; reason: 'unreadable' | 'invalid'; problem: ConfigFileProblem };

export type ConfigFileText = { ok: true; text: string } | ConfigFileRefusal;

export async function readConfigFile(path: string): Promise<ConfigFileText> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: 'unreadable', problem: { kind: 'unreadable', file: path, code } };
  }
}

/** The JSON in a file's text, or why it is not JSON. */
export function parseJson(text: string, file: string): { ok: true; data: unknown } | ConfigFileRefusal {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: 'invalid', problem: { kind: 'not-json', file, detail: (err as Error).message } };
  }
}

// --- problems in the data ----------------------------------------------------------------

/** The first problem zod found, with the value it found there. */
export function problemOf(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  knownFields: readonly string[],
): ConfigFileProblem {
  // zod reports at least one issue whenever parsing fails.
  const issue = issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = issue.keys[0] ?? '';
    const suggestion = path.length === 0 ? closest(field, knownFields) : null;
    return { kind: 'unknown-field', file, path, field, suggestion };
  }
  // A record key that fails its own check is reported with the key as the last path step.
  if (issue.code === 'invalid_key') {
    const expected = issue.issues[0]?.message ?? issue.message;
    return { kind: 'bad-key', file, path: path.slice(0, -1), key: path[path.length - 1] ?? '', expected };
  }
  return { kind: 'field', file, path, expected: issue.message, got: valueAt(data, issue.path) };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The known field nearest to a typo, when it is near enough to be what was meant. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
