import { describe, expect, it } from 'vitest';
import { NotifyBatcher } from './notify-batcher.js';

/** A send function whose statements the test completes by hand. */
function manualSend() {
  const statements: { payloads: string[]; finish: (error?: Error) => void }[] = [];
  const send = (payloads: string[]) =>
    new Promise<void>((resolve, reject) => {
      statements.push({ payloads, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { statements, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('NotifyBatcher', () => {
  it('sends a lone publish at once, and batches what arrives while a statement is in flight, in order', async () => {
    const { statements, send } = manualSend();
    const batcher = new NotifyBatcher(send);
    const first = batcher.notify(['a']);
    const second = batcher.notify(['b', 'c']);
    const third = batcher.notify(['d']);
    expect(statements.map((s) => s.payloads)).toEqual([['a']]);
    statements[0]?.finish();
    await first;
    await tick();
    expect(statements.map((s) => s.payloads)).toEqual([['a'], ['b', 'c', 'd']]);
    statements[1]?.finish();
    await Promise.all([second, third]);
    // Idle again: the next publish goes out by itself.
    const fourth = batcher.notify(['e']);
    expect(statements.map((s) => s.payloads)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    statements[2]?.finish();
    await fourth;
  });

  it('a failed statement rejects only its own callers, and later publishes still go out', async () => {
    const { statements, send } = manualSend();
    const batcher = new NotifyBatcher(send);
    const first = batcher.notify(['a']);
    const second = batcher.notify(['b']);
    statements[0]?.finish(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await tick();
    statements[1]?.finish();
    await expect(second).resolves.toBeUndefined();
    const third = batcher.notify(['c']);
    statements[2]?.finish();
    await third;
    expect(statements.map((s) => s.payloads)).toEqual([['a'], ['b'], ['c']]);
  });

  it('reports when everything handed in has gone out (what close waits for)', async () => {
    const { statements, send } = manualSend();
    const batcher = new NotifyBatcher(send);
    await batcher.drained();
    void batcher.notify(['a']);
    batcher.notify(['b']).catch(() => {});
    let drained = false;
    void batcher.drained().then(() => {
      drained = true;
    });
    statements[0]?.finish();
    await tick();
    expect(drained).toBe(false);
    statements[1]?.finish(new Error('lost'));
    await tick();
    await tick();
    expect(drained).toBe(true);
  });
});
