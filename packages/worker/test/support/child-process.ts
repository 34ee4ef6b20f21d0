import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A TypeScript fixture run in its own Node process, from sources. */
export interface Child {
  process: ChildProcess;
  lines: string[];
  stderr(): string;
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills fixtures still running (a failed test must not leave processes behind). */
export function killRunningFixtures(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts `node --conditions=@org/source --import tsx test/fixtures/<fixture> ...args`. */
export function runFixture(fixture: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', `test/fixtures/${fixture}`, ...args], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return {
    process: child,
    lines,
    stderr: () => stderr,
    waitForLine(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(predicate);
          if (line === undefined) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${fixture}: expected line not written within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async exited(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${fixture} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
