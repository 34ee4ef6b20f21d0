import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A TypeScript script run in its own Node process, from sources. */
export interface Child {
  process: ChildProcess;
  /** Lines written to stdout so far. */
  lines: string[];
  /** Resolves when a line equal to `line` has been written; rejects after `timeoutMs`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Resolves with the exit code and what went to stderr; after `timeoutMs` the child is killed and this rejects. */
  exited(timeoutMs?: number): Promise<{ code: number | null; stderr: string }>;
}

const running = new Set<ChildProcess>();

/** Kills the children still running (call in `afterEach`: a failed test must leave no process behind). */
export function killRunningChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts `node --conditions=@org/source --import tsx <script> ...args` in the package root. */
export function runChild(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', script, ...args], {
    cwd: packageRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
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
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return {
    process: child,
    lines,
    waitForLine(line, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!lines.includes(line)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${script}: "${line}" not written within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    async exited(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${script} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
      });
      try {
        return { code: await Promise.race([exit, timeout]), stderr };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
