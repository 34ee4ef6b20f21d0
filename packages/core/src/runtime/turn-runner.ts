import type { AtomHost } from '../atoms/atom-host.js';
import { cancelToolCalls, runActAtom } from '../atoms/act-atom.js';
import { runInputAtom } from '../atoms/input-atom.js';
import { runReasonAtom } from '../atoms/reason-atom.js';
import { WorkSignal } from '../atoms/work-signal.js';
import type { LlmDriver } from '../driver/driver.js';
import type { EventData } from '../events/catalogue.js';
import type { EventContext } from '../events/context.js';
import { ExecId, MessageId, type SessionId, TurnId } from '../ids/index.js';
import type { ToolCall } from '../messages/content-part.js';
import type { IncrementalConversation } from '../messages/incremental-conversation.js';
import type { InputMessage, Message } from '../messages/message.js';
import {
  initialTurnState,
  nextAction,
  onActCompleted,
  onCancelled,
  onInputCompleted,
  onReasonCompleted,
  stopReasonOf,
  type TurnOutcome,
  type TurnState,
} from '../turn/turn-state.js';
import type { TurnReplay } from '../turn/turn-replay.js';
import type { TurnResult } from '../turn/turn-result.js';
import type { RuntimeBackends } from './backends.js';
import type { RuntimeLogger, RuntimeOptions } from './runtime-options.js';
import type { SessionEventWriter } from './session-event-writer.js';
import type { TurnAssembly } from './turn-context.js';

export interface TurnRunnerDeps {
  backends: RuntimeBackends;
  options: RuntimeOptions;
  logger: RuntimeLogger;
  writer: SessionEventWriter;
  turn: TurnAssembly;
  driver: LlmDriver;
  services: AtomHost['services'];
  /** The committed history (kept current by the writer's commits). */
  messages: Message[];
  /** Its LLM-facing form, built incrementally. */
  llm: IncrementalConversation;
  signal: AbortSignal;
}

/**
 * Runs one turn to its end: drives the pure state machine and executes the
 * atoms it asks for, flushing the events of each atom in one append (the last
 * atom's events are flushed together with the turn's closing events).
 */
export async function runTurnLoop(
  sessionId: SessionId,
  input: InputMessage,
  deps: TurnRunnerDeps,
  options: { inputMessageId?: MessageId; resume?: TurnReplay; sessionActivated?: boolean } = {},
): Promise<TurnResult> {
  const started = performance.now();
  const { resume } = options;
  const turnId = resume?.turnId ?? TurnId.generate();
  const inputMessageId = resume?.inputMessageId ?? options.inputMessageId ?? MessageId.generate();
  const turnContext: EventContext = { turnId, inputMessageId, traceId: turnId };
  const work = new WorkSignal(deps.signal);
  const host: AtomHost = {
    sessionId,
    turnId,
    inputMessageId,
    turn: deps.turn,
    options: deps.options,
    signal: deps.signal,
    work,
    driver: deps.driver,
    services: deps.services,
    logger: deps.logger,
    messages: () => deps.messages,
    llmConversation: () => deps.llm.build(deps.messages, deps.turn.runtimeAgent.systemPrompt),
    emit: (request) => deps.writer.emit(request),
    flush: () => deps.writer.flush(),
    // Spelled out, not `{ ...turnContext, execId }`: V8 (Node 20) gives every object made by a hot spread followed by
    // a new property a map of its own, and these contexts are kept with every event.
    atomContext: () => ({ turnId, inputMessageId, traceId: turnId, execId: ExecId.generate() }),
  };
  const { writer } = deps;

  let state: TurnState = resume?.state ?? initialTurnState(deps.turn.runtimeAgent.maxIterations);
  let pendingToolCalls: ToolCall[] = resume?.pendingToolCalls ?? [];
  let finalMessageId: MessageId | undefined = resume?.finalMessageId;
  // Only the first act step after a resume can be partly done already.
  let partialAct = resume ? { alreadyCompleted: resume.completedToolCallIds, interrupted: resume.interruptedToolCallIds, actStarted: resume.actStarted } : undefined;
  try {
    for (;;) {
      const action = nextAction(state);
      if (action.kind === 'complete') {
        const result = closeTurn(host, action.outcome, state, turnContext, started, finalMessageId);
        await Promise.all([writer.flush(), deps.backends.sessions.updateSessionStatus(sessionId, 'idle')]);
        return result;
      }
      if (action.kind === 'execute_input') {
        runInputAtom(host, input);
        // The caller may have marked the session active already (as it read it).
        await (options.sessionActivated ? writer.flush() : Promise.all([writer.flush(), deps.backends.sessions.updateSessionStatus(sessionId, 'active')]));
        state = onInputCompleted(state);
        continue;
      }
      if (deps.signal.aborted) {
        if (action.kind === 'execute_act') cancelToolCalls(host, pendingToolCalls.filter((c) => !partialAct?.alreadyCompleted.has(c.id)));
        state = onCancelled(state, abortReason(deps.signal));
        continue;
      }
      if (action.kind === 'execute_reason') {
        const reason = await runReasonAtom(
          host,
          action.previousResponseId === undefined ? { iteration: action.iteration } : { iteration: action.iteration, previousResponseId: action.previousResponseId },
        );
        if (reason.cancelled) {
          state = onCancelled(state, abortReason(deps.signal));
          continue;
        }
        pendingToolCalls = reason.toolCalls;
        if (reason.success && reason.outputMessageId) finalMessageId = reason.outputMessageId;
        // Absent fields as undefined rather than conditional spreads (several times cheaper; the state machine reads them alike).
        state = onReasonCompleted(state, {
          success: reason.success,
          text: reason.success ? reason.text : '',
          toolCallCount: reason.toolCalls.length,
          error: reason.error,
          errorCode: reason.errorCode,
          usage: reason.usage,
          responseId: reason.responseId,
          finishReason: reason.finishReason,
        });
      } else {
        const act = await runActAtom(host, { toolCalls: pendingToolCalls, ...partialAct });
        partialAct = undefined;
        pendingToolCalls = [];
        state = act.completed ? onActCompleted(state) : onCancelled(state, abortReason(deps.signal));
      }
      // One append per atom; when the turn is over, the closing events join this batch.
      if (state.phase !== 'completed') await writer.flush();
    }
  } catch (error) {
    await failTurnBestEffort(host, deps, turnContext, error);
    throw error;
  } finally {
    work.dispose();
  }
}

function closeTurn(
  host: AtomHost,
  outcome: TurnOutcome,
  state: TurnState,
  context: EventContext,
  started: number,
  finalMessageId: MessageId | undefined,
): TurnResult {
  const { turnId, sessionId } = host;
  const durationMs = performance.now() - started;
  const usage = state.usage;
  const result: TurnResult = {
    turnId,
    sessionId,
    response: '',
    iterations: outcome.iterations,
    toolCallCount: 0,
    success: false,
    stopReason: stopReasonOf(outcome),
    durationMs,
  };
  if (usage) result.usage = usage;
  if (outcome.kind === 'success' || outcome.kind === 'max_iterations_reached') {
    result.response = outcome.response;
    result.toolCallCount = outcome.toolCallCount;
    result.success = true;
    if (finalMessageId) result.finalMessageId = finalMessageId;
    // Built by assignment in the order of the former conditional spreads, which cost several times more.
    const completed = { turnId, iterations: outcome.iterations, durationMs } as EventData<'turn.completed'>;
    if (usage) completed.usage = usage;
    if (finalMessageId) completed.finalMessageId = finalMessageId;
    completed.finalAnswerPreview = outcome.response.slice(0, 200);
    completed.toolCallCount = outcome.toolCallCount;
    completed.llmCallCount = state.llmCallCount;
    completed.stopReason = result.stopReason as 'end_turn' | 'max_tokens' | 'max_turn_requests' | 'refusal';
    completed.status = 'completed';
    host.emit({ type: 'turn.completed', context, data: completed });
  } else if (outcome.kind === 'failed') {
    result.error = outcome.error;
    if (outcome.errorCode) result.errorCode = outcome.errorCode;
    const failed: EventData<'turn.failed'> = { turnId, error: outcome.error };
    if (outcome.errorCode) failed.errorCode = outcome.errorCode;
    if (usage) failed.usage = usage;
    host.emit({ type: 'turn.failed', context, data: failed });
  } else {
    result.toolCallCount = outcome.toolCallCount;
    result.error = outcome.reason ?? 'cancelled';
    result.errorCode = 'cancelled';
    const cancelled: EventData<'turn.cancelled'> = { turnId };
    if (outcome.reason !== undefined) cancelled.reason = outcome.reason;
    if (usage) cancelled.usage = usage;
    host.emit({ type: 'turn.cancelled', context, data: cancelled });
  }
  const idled: EventData<'session.idled'> = { turnId };
  if (outcome.kind !== 'failed') idled.iterations = outcome.iterations;
  if (usage) idled.usage = usage;
  host.emit({ type: 'session.idled', context, data: idled });
  return result;
}

/**
 * A store or bug threw mid-turn: try to record `turn.failed` + `session.idled`
 * so subscribers see the turn end. When storage itself is down this fails too;
 * the caller gets the original error either way.
 */
async function failTurnBestEffort(host: AtomHost, deps: TurnRunnerDeps, context: EventContext, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  try {
    host.emit({ type: 'turn.failed', context, data: { turnId: host.turnId, error: message, errorCode: 'internal' } });
    host.emit({ type: 'session.idled', context, data: { turnId: host.turnId } });
    await deps.writer.flush();
  } catch (secondary) {
    deps.logger.warn('could not record the failure of a turn', { turnId: host.turnId, error: String(secondary) });
  }
  try {
    await deps.backends.sessions.updateSessionStatus(host.sessionId, 'idle');
  } catch {
    // The original error is what matters to the caller.
  }
}

function abortReason(signal: AbortSignal): string | undefined {
  const reason: unknown = signal.reason;
  if (reason === undefined) return undefined;
  if (reason instanceof Error) return reason.name === 'AbortError' ? 'aborted' : reason.message;
  return String(reason);
}

