import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SessionId, TurnId } from '../ids/index.js';
import type { ToolContext } from '../tools/tool.js';
import { invokeTool } from './tool-invocation.js';
import { NEVER_ABORTED } from './work-signal.js';

/** The call fields a tool context is made from (the stores are never touched by these tools). */
const callFields: Omit<ToolContext, 'signal'> = {
  sessionId: SessionId.fromSeed(1),
  turnId: TurnId.fromSeed(1),
  toolCallId: 'call_1',
  files: {} as ToolContext['files'],
  storage: {} as ToolContext['storage'],
  memory: {} as ToolContext['memory'],
  memoryScope: 'org',
  progress: () => {},
  output: () => {},
};

function toolThat(execute: (args: { n: number }, context: ToolContext) => unknown, timeoutMs?: number) {
  return { tool: { name: 'probe', description: 'probe', parameters: z.object({ n: z.number() }), execute, ...(timeoutMs ? { timeoutMs } : {}) } };
}

const run = (entry: ReturnType<typeof toolThat>, signal = new AbortController().signal, context = callFields) =>
  invokeTool(entry as never, { id: 'call_1', name: 'probe', arguments: { n: 1 } }, context, { signal, timeoutMs: 60_000, onInternalError: () => {} });

describe('invokeTool: the context a tool sees', () => {
  it('holds the call fields, no optional field it was not given, and a readable signal', async () => {
    let seen: ToolContext | undefined;
    const result = await run(
      toolThat((_args, context) => {
        seen = context;
        return context.signal.aborted;
      }),
    );
    expect(result).toMatchObject({ status: 'success', value: false });
    expect(Object.keys(seen as object).sort()).toEqual(['files', 'memory', 'memoryScope', 'output', 'progress', 'sessionId', 'storage', 'toolCallId', 'turnId']);
    expect(seen?.toolCallId).toBe('call_1');
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sets locale and network access only when the turn has them', async () => {
    let seen: ToolContext | undefined;
    await run(
      toolThat((_args, context) => {
        seen = context;
      }),
      undefined,
      { ...callFields, locale: 'fr-FR', networkAccess: { allow: ['example.com'] } as unknown as ToolContext['networkAccess'] },
    );
    expect(seen?.locale).toBe('fr-FR');
    expect(Object.keys(seen as object)).toEqual(expect.arrayContaining(['locale', 'networkAccess']));
  });

  it('gives each call its own signal, aborted when the call times out, and stable across reads', async () => {
    let signal: AbortSignal | undefined;
    const result = await run(
      toolThat((_args, context) => {
        signal = context.signal;
        expect(context.signal).toBe(signal);
        return new Promise(() => {});
      }, 20),
    );
    expect(result.status).toBe('timeout');
    expect(signal?.aborted).toBe(true);
  });

  it('aborts the signal a tool holds when the turn is cancelled', async () => {
    const turn = new AbortController();
    const result = run(
      toolThat((_args, context) => {
        setTimeout(() => turn.abort(new Error('stop')), 5);
        return new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
      }),
      turn.signal,
    );
    expect((await result).status).toBe('cancelled');
  });

  it('under the never-aborting signal adds no listener to it, and a timeout still aborts the signal the tool holds', async () => {
    const before = getEventListeners(NEVER_ABORTED, 'abort').length;
    let signal: AbortSignal | undefined;
    let listenersWhileRunning = -1;
    const result = await run(
      toolThat((_args, context) => {
        signal = context.signal;
        listenersWhileRunning = getEventListeners(NEVER_ABORTED, 'abort').length;
        return new Promise(() => {});
      }, 20),
      NEVER_ABORTED,
    );
    expect(result.status).toBe('timeout');
    expect(signal?.aborted).toBe(true);
    expect(listenersWhileRunning).toBe(before);
    expect(getEventListeners(NEVER_ABORTED, 'abort').length).toBe(before);
  });
});
