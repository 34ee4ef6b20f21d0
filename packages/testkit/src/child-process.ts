import { type ChildProcess, spawn } from 'node:child_process';

/** A TypeScript script running in its own Node process, loaded from sources (for multi-process tests). */
export interface TypeScriptChild {
  process: ChildProcess;
  /** Lines written to stdout so far. */
  lines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first stdout line that matches (a string matches when equal); rejects after `timeoutMs`. */
  waitForLine(match: string | ((line: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Resolves when the child exits; after `timeoutMs` it is killed and this rejects (with its stderr). */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (call it in `afterEach`: a failed test must leave no process behind). */
export function killSpawnedChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Starts `node --conditions=@org/source --import tsx <script> ...args` in
 * `cwd`, so the child imports workspace packages from their sources like the
 * tests do. Stdout is collected line by line for {@link TypeScriptChild.waitForLine}.
 */
export function spawnTypeScript(script: string, options: { cwd: string; args?: readonly string[]; defaultTimeoutMs?: number }): TypeScriptChild {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 20_000;
  const child = spawn(process.execPath, ['--conditions=@org/source', '--import', 'tsx', script, ...(options.args ?? [])], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
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
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    waitForLine(match, timeoutMs = defaultTimeoutMs) {
      const predicate = typeof match === 'string' ? (line: string) => line === match : match;
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
          reject(new Error(`${script}: expected line not written within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async exited(timeoutMs = defaultTimeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${script} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
      });
      try {
        return { ...(await Promise.race([exit, timeout])), stderr };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
