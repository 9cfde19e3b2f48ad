// A small reader for the repository's Dockerfile, enough for the container tests: instructions
// with their stage, line continuations joined, comments dropped.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Instruction {
  stage: number;
  keyword: string;
  args: string;
}

export function readDockerfile(path = resolve(ROOT, 'Dockerfile')): Instruction[] {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = -1;
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!;
    if (keyword === 'FROM') stage += 1;
    out.push({ stage, keyword, args: match[2]!.trim().replace(/\s+/g, ' ') });
  }
  return out;
}

/** The exec-form array of an instruction like CMD ["node", "x.js"], or HEALTHCHECK [options] CMD [...]. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form array: ${args}`);
  }
  return parsed as string[];
}

/** The HEALTHCHECK's command. */
export function healthcheckCommand(instructions = readDockerfile()): string[] {
  const healthcheck = instructions.find((i) => i.keyword === 'HEALTHCHECK');
  if (!healthcheck) throw new Error('the Dockerfile has no HEALTHCHECK');
  return execForm(healthcheck.args.slice(healthcheck.args.indexOf('CMD ') + 4));
}
