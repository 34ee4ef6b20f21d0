import { addUsage, type TokenUsage } from '../events/usage.js';

/**
 * The turn state machine, as plain JSON and pure functions (no I/O), so a turn
 * can be persisted between atoms and resumed by another process.
 *
 * Phases: `pending_input` → `pending_reason` → (`pending_act` → `pending_reason`)* → `completed`.
 */
export type TurnPhase = 'pending_input' | 'pending_reason' | 'pending_act' | 'completed';

/** Why a turn stopped. */
export type TurnStopReason = 'end_turn' | 'max_tokens' | 'max_turn_requests' | 'refusal' | 'error' | 'cancelled';

export interface TurnState {
  readonly phase: TurnPhase;
  readonly maxIterations: number;
  /** Reason steps completed so far. */
  readonly iteration: number;
  /** Tool calls accepted for execution (calls cut off at the ceiling are not counted). */
  readonly toolCallCount: number;
  readonly llmCallCount: number;
  /** Last non-empty assistant text. */
  readonly lastResponse: string;
  readonly usage?: TokenUsage;
  readonly previousResponseId?: string;
  /** Set once the turn failed. */
  readonly error?: { message: string; code?: string };
  /** Set once the turn was cancelled. */
  readonly cancelled?: { reason?: string };
  /** True when the last reason step wanted tools but the iteration ceiling stopped it. */
  readonly cutOffAtCeiling?: boolean;
  /** The provider's finish reason of the last reason step. */
  readonly finishReason?: string;
}

/** What the runtime should do next. */
export type TurnAction =
  | { kind: 'execute_input' }
  | { kind: 'execute_reason'; iteration: number; previousResponseId?: string }
  | { kind: 'execute_act' }
  | { kind: 'complete'; outcome: TurnOutcome };

/** How a finished turn ended. */
export type TurnOutcome =
  | { kind: 'success'; response: string; iterations: number; toolCallCount: number; stopReason: 'end_turn' | 'max_tokens' | 'refusal' }
  | { kind: 'max_iterations_reached'; response: string; iterations: number; toolCallCount: number }
  | { kind: 'failed'; error: string; errorCode?: string; iterations: number }
  | { kind: 'cancelled'; reason?: string; iterations: number; toolCallCount: number };

/** The outcome of one reason step, as the state machine needs it. */
export interface ReasonStepOutcome {
  success: boolean;
  text: string;
  toolCallCount: number;
  error?: string;
  errorCode?: string;
  usage?: TokenUsage;
  responseId?: string;
  finishReason?: string;
  /** Steering: user messages arrived mid-turn, so keep reasoning even without tool calls. */
  hasPendingUserMessages?: boolean;
}

/** The default reason-step ceiling per turn. */
export const DEFAULT_MAX_ITERATIONS = 500;

export function initialTurnState(maxIterations: number = DEFAULT_MAX_ITERATIONS): TurnState {
  if (!Number.isInteger(maxIterations) || maxIterations < 1)
    throw new RangeError(`maxIterations must be a positive integer, got ${maxIterations}`);
  return draftOf({ phase: 'pending_input', maxIterations, iteration: 0, toolCallCount: 0, llmCallCount: 0, lastResponse: '' });
}

export function nextAction(state: TurnState): TurnAction {
  switch (state.phase) {
    case 'pending_input':
      return { kind: 'execute_input' };
    case 'pending_reason':
      return state.previousResponseId === undefined
        ? { kind: 'execute_reason', iteration: state.iteration + 1 }
        : { kind: 'execute_reason', iteration: state.iteration + 1, previousResponseId: state.previousResponseId };
    case 'pending_act':
      return { kind: 'execute_act' };
    case 'completed':
      return { kind: 'complete', outcome: turnOutcome(state) };
  }
}

function expectPhase(state: TurnState, phase: TurnPhase, event: string): void {
  if (state.phase !== phase) throw new Error(`turn state machine: ${event} in phase ${state.phase} (expected ${phase})`);
}

/** A turn state whose fields may be set: the transitions below copy the current state, then change the copy. */
type DraftState = { -readonly [K in keyof TurnState]: TurnState[K] };

/**
 * A copy of `state` with every field spelled out in one order (absent ones as
 * `undefined`, which JSON drops). Why not `{ ...state, phase }`: states carry
 * different optional fields, and a spread of such objects plus new properties
 * costs several times more than this literal, all of whose copies share one
 * hidden class. The runtime makes four transitions per turn.
 */
function draftOf(state: TurnState): DraftState {
  return {
    phase: state.phase,
    maxIterations: state.maxIterations,
    iteration: state.iteration,
    toolCallCount: state.toolCallCount,
    llmCallCount: state.llmCallCount,
    lastResponse: state.lastResponse,
    usage: state.usage,
    previousResponseId: state.previousResponseId,
    error: state.error,
    cancelled: state.cancelled,
    cutOffAtCeiling: state.cutOffAtCeiling,
    finishReason: state.finishReason,
  };
}

function withPhase(state: TurnState, phase: TurnPhase): DraftState {
  const next = draftOf(state);
  next.phase = phase;
  return next;
}

export function onInputCompleted(state: TurnState): TurnState {
  expectPhase(state, 'pending_input', 'input completed');
  return withPhase(state, 'pending_reason');
}

/**
 * Applies a reason step. A failure completes the turn as failed. Tool calls at
 * the ceiling complete the turn without running them (max_turn_requests). A
 * final answer completes the turn successfully, even on the last allowed
 * iteration (this project's decision: reaching the ceiling is only a stop
 * reason when the model still wanted tools).
 */
export function onReasonCompleted(state: TurnState, outcome: ReasonStepOutcome): TurnState {
  expectPhase(state, 'pending_reason', 'reason completed');
  const iteration = state.iteration + 1;
  const next = draftOf(state);
  next.iteration = iteration;
  next.llmCallCount = state.llmCallCount + 1;
  if (outcome.text !== '') next.lastResponse = outcome.text;
  next.usage = addUsage(state.usage, outcome.usage);
  next.previousResponseId = outcome.responseId;
  next.finishReason = outcome.finishReason;
  next.phase = 'completed';
  if (!outcome.success) {
    next.error = outcome.errorCode === undefined ? { message: outcome.error ?? 'reason failed' } : { message: outcome.error ?? 'reason failed', code: outcome.errorCode };
  } else if (outcome.toolCallCount > 0) {
    if (iteration >= state.maxIterations) next.cutOffAtCeiling = true;
    else {
      next.phase = 'pending_act';
      next.toolCallCount = state.toolCallCount + outcome.toolCallCount;
    }
  } else if (outcome.hasPendingUserMessages && iteration < state.maxIterations) next.phase = 'pending_reason';
  return next;
}

export function onActCompleted(state: TurnState): TurnState {
  expectPhase(state, 'pending_act', 'act completed');
  return withPhase(state, 'pending_reason');
}

/** Cancels a running turn; a completed turn stays as it is. */
export function onCancelled(state: TurnState, reason?: string): TurnState {
  if (state.phase === 'completed') return state;
  const next = withPhase(state, 'completed');
  next.cancelled = reason === undefined ? {} : { reason };
  return next;
}

/** Fails a running turn from outside a reason step (e.g. a tool-context error). */
export function onFailed(state: TurnState, message: string, code?: string): TurnState {
  if (state.phase === 'completed') return state;
  const next = withPhase(state, 'completed');
  next.error = code === undefined ? { message } : { message, code };
  return next;
}

const MAX_TOKENS_REASONS = new Set(['length', 'max_tokens', 'max_output_tokens']);
const REFUSAL_REASONS = new Set(['refusal', 'content_filter', 'safety']);

export function turnOutcome(state: TurnState): TurnOutcome {
  if (state.phase !== 'completed') throw new Error(`turn state machine: no outcome in phase ${state.phase}`);
  if (state.cancelled) {
    const outcome: TurnOutcome = { kind: 'cancelled', iterations: state.iteration, toolCallCount: state.toolCallCount };
    if (state.cancelled.reason !== undefined) outcome.reason = state.cancelled.reason;
    return outcome;
  }
  if (state.error) {
    const outcome: TurnOutcome = { kind: 'failed', error: state.error.message, iterations: state.iteration };
    if (state.error.code !== undefined) outcome.errorCode = state.error.code;
    return outcome;
  }
  if (state.cutOffAtCeiling)
    return { kind: 'max_iterations_reached', response: state.lastResponse, iterations: state.iteration, toolCallCount: state.toolCallCount };
  const finish = state.finishReason ?? 'stop';
  const stopReason = MAX_TOKENS_REASONS.has(finish) ? 'max_tokens' : REFUSAL_REASONS.has(finish) ? 'refusal' : 'end_turn';
  return { kind: 'success', response: state.lastResponse, iterations: state.iteration, toolCallCount: state.toolCallCount, stopReason };
}

/** The stop reason reported for an outcome. */
export function stopReasonOf(outcome: TurnOutcome): TurnStopReason {
  switch (outcome.kind) {
    case 'success':
      return outcome.stopReason;
    case 'max_iterations_reached':
      return 'max_turn_requests';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'cancelled';
  }
}
