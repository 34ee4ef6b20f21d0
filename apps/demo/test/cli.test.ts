import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Event } from '@org/core';
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli-options.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Runs the CLI exactly as `pnpm demo` does (sources through tsx, no build). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _d, REDIS_URL: _r, S3_ENDPOINT: _e, S3_BUCKET: _b, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', './src/cli.ts', ...args], {
      cwd: APP_DIR,
      env: { ...inherited, DEMO_CHUNK_LATENCY_MS: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const records = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>);

describe('the demo CLI', () => {
  it('`scenario --json` (what `pnpm demo` runs) plays the scenario on embedded defaults and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['scenario', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = records(stdout);
    const events = lines.filter((line) => line.type.includes('.')) as unknown as Event[];
    const act = events.find((e): e is Event<'act.started'> => e.type === 'act.started');
    expect(act?.data.toolCalls.map((c) => c.name)).toEqual(['get_weather', 'get_weather']);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['output.message.delta', 'tool.completed', 'turn.completed']));
    const result = lines.find((line) => line.type === 'result');
    expect(result).toMatchObject({ success: true, toolCallCount: 4 });
    expect(lines.find((line) => line.type === 'scenario')?.report).toMatch(/# Weather report/);
  });

  it('`scenario` prints readable text without colours when not on a terminal', async () => {
    const { code, stdout } = await runCli(['scenario']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(/→ get_weather \{"location":"Paris"\}/);
    expect(stdout).toMatch(/✓ write_file/);
    expect(stdout).toMatch(/Final answer/);
    expect(stdout).toMatch(/usage {2}\d+ in \+ \d+ out/);
  });

  it('exits 2 with a message naming the bad setting', async () => {
    const { code, stderr } = await runCli(['sessions'], { DEMO_FILES: 's3' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/files\.bucket: /);
  });
});

describe('parseCliOptions', () => {
  it('parses commands and options, and names bad ones', () => {
    expect(parseCliOptions(['run', 'hello', 'there', '--json', '--session', 'session_x'])).toMatchObject({ command: 'run', args: ['hello', 'there'], json: true, session: 'session_x' });
    expect(parseCliOptions(['serve', '--port', '0'])).toMatchObject({ command: 'serve', port: 0 });
    expect(parseCliOptions([]).command).toBe('help');
    expect(() => parseCliOptions(['launch'])).toThrow(/unknown command "launch"/);
    expect(() => parseCliOptions(['serve', '--port', 'x'])).toThrow(/--port must be an integer/);
    expect(() => parseCliOptions(['run', '--colour'])).toThrow(/colour/);
  });
});
