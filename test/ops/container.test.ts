// The container setup, checked without Docker (this machine cannot pull base images): the
// Dockerfile builds and starts the bot the way the README says, copies only files that exist,
// runs as a non-root user with data/ as a volume, and docker-compose.yml parses and names only
// settings that .env.example documents. The HEALTHCHECK itself runs against a live bot in
// test/e2e/ops.e2e.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execForm, healthcheckCommand, readDockerfile, ROOT } from './dockerfile.js';
import { npmStart } from './launch.js';

const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');
const instructions = readDockerfile();
const finalStage = Math.max(...instructions.map((i) => i.stage));
const inStage = (stage: number, keyword: string) =>
  instructions.filter((i) => i.stage === stage && i.keyword === keyword);
const readme = read('README.md');
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const envExample = new Set(
  read('.env.example')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

/** The README's section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('Dockerfile', () => {
  it('is multi-stage: npm ci (which builds the bot) runs in the first stage, the README install command', () => {
    expect(finalStage).toBeGreaterThanOrEqual(1);
    const buildRuns = inStage(0, 'RUN').map((i) => i.args);
    expect(buildRuns).toContain('npm ci');
    // npm ci builds the bot (prepare), so the sources it compiles are copied before it.
    const stage0 = instructions.filter((i) => i.stage === 0);
    const npmCi = stage0.findIndex((i) => i.keyword === 'RUN' && i.args === 'npm ci');
    const copiedBefore = stage0.slice(0, npmCi).filter((i) => i.keyword === 'COPY');
    expect(copiedBefore.flatMap((c) => c.args.split(' ').slice(0, -1))).toEqual(
      expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'src']),
    );
    const quickStart = section('Quick start');
    expect(quickStart).toContain('npm ci');
    // `npm start` compiles nothing: `npm ci` builds the bot through `prepare` (issue 13).
    expect(packageJson.scripts.prestart).toBeUndefined();
    expect(packageJson.scripts.prepare).toBe('npm run build:src');
    expect(inStage(finalStage, 'RUN').map((i) => i.args)).not.toContain('npm run build');
  });

  it('starts the bot with the command of `npm start`, which the README gives, under tini so SIGTERM reaches node', () => {
    const cmd = execForm(inStage(finalStage, 'CMD')[0]!.args);
    const start = npmStart(packageJson.scripts.start);
    expect(cmd).toEqual(['node', ...start.nodeArgs, start.entry]);
    // What the start script sets in the environment, the image sets with ENV.
    const envs = inStage(finalStage, 'ENV').flatMap((i) => i.args.split(' '));
    expect(Object.keys(start.env).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(start.env)) expect(envs).toContain(`${name}=${value}`);
    expect(section('Run with Docker')).toContain(`\`${packageJson.scripts.start}\``);
    expect(execForm(inStage(finalStage, 'ENTRYPOINT')[0]!.args)).toEqual(['/usr/bin/tini', '--']);
    expect(inStage(finalStage, 'RUN').some((i) => /apt-get install .*\btini\b/.test(i.args))).toBe(true);
  });

  it('runs as a non-root user with data/ as a volume, where the default SQLite store lives', () => {
    const user = inStage(finalStage, 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const workdir = inStage(finalStage, 'WORKDIR').at(-1)!.args;
    const volumes = inStage(finalStage, 'VOLUME').flatMap((i) => execForm(i.args));
    expect(volumes).toContain(`${workdir}/data`);
    expect(read('src/config.ts')).toContain("default('sqlite://data/tradedesk.sqlite')");
    // The volume's folder belongs to that user before the image switches to it.
    expect(inStage(finalStage, 'RUN').some((i) => i.args.includes(`chown ${user}:${user} ${workdir}/data`))).toBe(true);
  });

  it('copies only files that exist, and .dockerignore keeps .env and data out of the build', () => {
    const copies = instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const parts = copy.args.split(' ').filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) expect(existsSync(resolve(ROOT, source)), source).toBe(true);
    }
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'data/', 'node_modules/', 'dist/']) expect(ignored).toContain(entry);
    // …and the build stage gets every source the TypeScript build compiles.
    const copied = copies.flatMap((c) => c.args.split(' ').slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'src']));
  });

  it('has a HEALTHCHECK on /healthz that needs only node, and the port it asks is the one the image serves', () => {
    const command = healthcheckCommand();
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
    expect(command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
    const env = inStage(finalStage, 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/\bHTTP_PORT=8080\b/);
    expect(env).toMatch(/\bHTTP_HOST=0\.0\.0\.0\b/);
    expect(inStage(finalStage, 'EXPOSE')[0]!.args).toBe('8080');
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<
      string,
      { environment?: Record<string, string>; volumes?: string[]; image?: string; build?: unknown }
    >;
    volumes: Record<string, unknown>;
  };

  it('parses, and runs the bot with Redis as its store on a named volume', () => {
    const bot = compose.services.bot!;
    expect(bot.build).toBe('.');
    expect(bot.environment?.STORE_URL).toBe('redis://redis:6379');
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    const named = Object.keys(compose.volumes);
    expect(bot.volumes).toContain('tradedesk-data:/app/data');
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(named).toContain(source);
      }
    }
  });

  it('names only variables that .env.example documents', () => {
    const names = new Set<string>();
    for (const service of Object.values(compose.services)) {
      for (const name of Object.keys(service.environment ?? {})) names.add(name);
    }
    for (const match of read('docker-compose.yml').matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) names.add(match[1]!);
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(envExample, name).toContain(name);
  });
});
