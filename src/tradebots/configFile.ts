// The owner's JSON files (rates, set-size overrides) are read the same way: a missing or
// unreadable file is told apart from a bad one, because a missing rates file at startup gets
// its own hint while a bad one names the field.
import { readFile } from 'node:fs/promises';

export type ConfigFileText = { ok: true; text: string } | { ok: false; reason: 'unreadable'; message: string };

export async function readConfigFile(path: string): Promise<ConfigFileText> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'unknown error'})`;
    return { ok: false, reason: 'unreadable', message: `${path}: ${why}` };
  }
}
