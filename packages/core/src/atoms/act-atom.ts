import type { EventData } from '../events/catalogue.js';
import type { ContentPart, ToolCall } from '../messages/content-part.js';
import type { AtomHost } from './atom-host.js';
import { toolNamesOf } from './tool-names.js';
import { NEVER_ABORTED } from './work-signal.js';
import { invokeTool, type ToolInvocationResult } from './tool-invocation.js';
import { type ScheduledCall, scheduleCalls } from './tool-scheduler.js';

export interface ActInput {
  toolCalls: readonly ToolCall[];
  /** Resuming: calls whose `tool.completed` is already recorded (not run again). */
  alreadyCompleted?: ReadonlySet<string>;
  /** Resuming: calls that had started but not completed when the turn was interrupted. */
  interrupted?: ReadonlySet<string>;
  /** Resuming: `act.started` is already recorded. */
  actStarted?: boolean;
}

/** The result given to an interrupted, non-idempotent tool call instead of a blind re-run. */
export const INTERRUPTED_TOOL_ERROR =
  'interrupted: the process running this tool stopped before it finished; it was not run again because it is not marked idempotent, so it may or may not have taken effect';

/** The result of one call, in call order. */
export interface ToolCallResult extends ToolInvocationResult {
  toolCall: ToolCall;
}

export interface ActResult {
  results: ToolCallResult[];
  successCount: number;
  errorCount: number;
  /** False when the turn was cancelled during the step. */
  completed: boolean;
}

/**
 * The act atom: runs one reason step's tool calls. Emits `act.started`, then
 * per call `tool.started` / `tool.completed`, then `act.completed`. Calls run
 * in parallel up to the concurrency cap (sequential tools and shared
 * concurrency classes one at a time); `tool.completed` events — and so the
 * stored tool results — come out in call order. Every failure (unknown tool,
 * bad arguments, thrown error, timeout, cancellation) becomes an error result
 * the model sees; none fails the turn.
 */
export async function runActAtom(host: AtomHost, input: ActInput): Promise<ActResult> {
  const started = performance.now();
  const context = host.atomContext();
  const { turn } = host;
  const completedBefore = input.alreadyCompleted;
  const calls = completedBefore ? input.toolCalls.filter((call) => !completedBefore.has(call.id)) : input.toolCalls;
  const durable = host.options.durability === 'tool';
  if (!input.actStarted) {
    const summaries = input.toolCalls.map((call) => {
      const displayName = turn.executableTools.get(call.name)?.tool.displayName;
      return displayName ? { id: call.id, name: call.name, displayName } : { id: call.id, name: call.name };
    });
    host.emit({ type: 'act.started', context, data: { toolCalls: summaries } });
  }

  const results: (ToolCallResult | undefined)[] = new Array(calls.length);
  let nextToEmit = 0;
  const emitCompletedInOrder = async () => {
    let emitted = false;
    while (nextToEmit < calls.length && results[nextToEmit]) {
      emitToolCompleted(host, context, results[nextToEmit] as ToolCallResult);
      nextToEmit++;
      emitted = true;
    }
    // Tool durability: each completion is recorded as it happens, so a resumed turn never re-runs it.
    if (emitted && durable) await host.flush();
  };

  // The calls (there may be many in parallel) listen to the turn's shared work signal, not each to the turn's.
  // No driver call runs during an act step, so in a turn that cannot be cancelled nothing could abort it: the
  // calls then run under the never-aborting signal and add no listeners at all.
  const cancellable = host.work.turnCancellable;
  const workSignal = cancellable ? host.work.signal : NEVER_ABORTED;
  if (cancellable && calls.length > 8) host.work.allowManyListeners();

  const offered = toolNamesOf(turn.runtimeAgent.tools).set;
  const sequentialAll = turn.runtimeAgent.parallelToolCalls === false;
  const scheduled: ScheduledCall[] = calls.map((call, index) => {
    const entry = turn.executableTools.get(call.name);
    const concurrencyClass = sequentialAll ? '*' : entry?.tool.sequential ? `tool:${call.name}` : entry?.tool.hints?.concurrencyClass;
    const run = async () => {
      let outcome: ToolInvocationResult;
      if (input.interrupted?.has(call.id) && entry?.tool.hints?.idempotent !== true) {
        results[index] = { status: 'error', error: INTERRUPTED_TOOL_ERROR, durationMs: 0, toolCall: call };
        await emitCompletedInOrder();
        return;
      }
      host.emit({ type: 'tool.started', context, data: entry?.tool.displayName ? { toolCall: call, displayName: entry.tool.displayName } : { toolCall: call } });
      // Tool durability: record that the call started before it can have effects.
      if (durable) await host.flush();
      if (!offered.has(call.name)) outcome = { status: 'error', error: `Tool definition not found: ${call.name}`, durationMs: 0 };
      else if (!entry) outcome = { status: 'error', error: `Tool not found: ${call.name}`, durationMs: 0 };
      else
        outcome = await invokeTool(
          entry,
          call,
          {
            sessionId: host.sessionId,
            turnId: host.turnId,
            toolCallId: call.id,
            files: host.services.files,
            storage: host.services.storage,
            memory: host.services.memory,
            memoryScope: host.services.memoryScope,
            progress: (message) =>
              host.emit({ type: 'tool.progress', context, data: { toolCallId: call.id, toolName: call.name, message } }),
            output: (delta, stream = 'stdout') =>
              host.emit({ type: 'tool.output.delta', context, data: { toolCallId: call.id, toolName: call.name, delta, stream } }),
            locale: turn.resolvedLocale,
            networkAccess: turn.runtimeAgent.networkAccess,
          },
          {
            signal: workSignal,
            timeoutMs: host.options.toolTimeoutMs,
            onInternalError: (error) =>
              host.logger.error(`tool ${call.name} threw`, { toolCallId: call.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
          },
        );
      // Added in place rather than spread into a new object: V8 (Node 20) gives every object made by a hot spread
      // followed by a new property a hidden class of its own.
      const result = outcome as ToolCallResult;
      result.toolCall = call;
      results[index] = result;
      await emitCompletedInOrder();
    };
    return concurrencyClass === undefined ? { run } : { run, concurrencyClass };
  });
  await scheduleCalls(scheduled, sequentialAll ? 1 : host.options.toolConcurrency);

  const done = results as ToolCallResult[];
  const successCount = done.filter((r) => r.status === 'success').length;
  const completed = !host.signal.aborted;
  host.emit({
    type: 'act.completed',
    context,
    data: { completed, successCount, errorCount: done.length - successCount, durationMs: performance.now() - started },
  });
  return { results: done, successCount, errorCount: done.length - successCount, completed };
}

function emitToolCompleted(host: AtomHost, context: ReturnType<AtomHost['atomContext']>, result: ToolCallResult): void {
  const entry = host.turn.executableTools.get(result.toolCall.name);
  const success = result.status === 'success';
  const value = success ? result.value : { error: result.error };
  const parts: ContentPart[] = [{ type: 'text', text: JSON.stringify(value ?? null) }];
  for (const image of result.images ?? []) parts.push({ type: 'image', base64: image.base64, mediaType: image.mediaType });
  // Built by assignment in the order of the former conditional spreads, which cost several times more.
  const data = { toolCallId: result.toolCall.id, toolName: result.toolCall.name, success, status: result.status, result: parts } as EventData<'tool.completed'>;
  if (result.error !== undefined) data.error = result.error;
  data.durationMs = result.durationMs;
  if (entry?.capabilityId) data.capabilityId = entry.capabilityId;
  if (entry?.capabilityName) data.capabilityName = entry.capabilityName;
  if (entry?.tool.displayName) data.displayName = entry.tool.displayName;
  host.emit({ type: 'tool.completed', context, data });
}

/**
 * Results for tool calls that will never run (the turn was cancelled between
 * reason and act): each gets a `tool.completed` with status `cancelled`, so
 * the history stays valid for the next turn.
 */
export function cancelToolCalls(host: AtomHost, toolCalls: readonly ToolCall[]): void {
  const context = host.atomContext();
  for (const call of toolCalls)
    emitToolCompleted(host, context, { toolCall: call, status: 'cancelled', error: 'cancelled: the turn was cancelled before the tool ran', durationMs: 0 });
}
