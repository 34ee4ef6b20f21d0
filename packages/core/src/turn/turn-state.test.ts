import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ITERATIONS,
  initialTurnState,
  nextAction,
  onActCompleted,
  onCancelled,
  onFailed,
  onInputCompleted,
  onReasonCompleted,
  type ReasonStepOutcome,
  stopReasonOf,
  type TurnState,
  turnOutcome,
} from './turn-state.js';

const text = (t: string, extra: Partial<ReasonStepOutcome> = {}): ReasonStepOutcome => ({ success: true, text: t, toolCallCount: 0, ...extra });
const tools = (n: number, t = ''): ReasonStepOutcome => ({ success: true, text: t, toolCallCount: n });

function started(max = DEFAULT_MAX_ITERATIONS): TurnState {
  return onInputCompleted(initialTurnState(max));
}

describe('turn state machine', () => {
  it('starts by asking for input, then reason', () => {
    const state = initialTurnState();
    expect(state.maxIterations).toBe(500);
    expect(nextAction(state)).toEqual({ kind: 'execute_input' });
    expect(nextAction(onInputCompleted(state))).toEqual({ kind: 'execute_reason', iteration: 1 });
  });

  it('input → reason → complete when the model answers without tools', () => {
    const state = onReasonCompleted(started(), text('Hello'));
    expect(state.phase).toBe('completed');
    const action = nextAction(state);
    expect(action).toEqual({
      kind: 'complete',
      outcome: { kind: 'success', response: 'Hello', iterations: 1, toolCallCount: 0, stopReason: 'end_turn' },
    });
  });

  it('reason with tools → act → reason, counting tool calls and iterations', () => {
    let state = onReasonCompleted(started(), tools(2, 'Let me check.'));
    expect(nextAction(state)).toEqual({ kind: 'execute_act' });
    state = onActCompleted(state);
    expect(nextAction(state)).toEqual({ kind: 'execute_reason', iteration: 2 });
    state = onReasonCompleted(state, text('Done'));
    const outcome = turnOutcome(state);
    expect(outcome).toEqual({ kind: 'success', response: 'Done', iterations: 2, toolCallCount: 2, stopReason: 'end_turn' });
    expect(state.llmCallCount).toBe(2);
  });

  it('keeps the last non-empty response when the final text is empty', () => {
    let state = onReasonCompleted(started(), tools(1, 'Working on it'));
    state = onReasonCompleted(onActCompleted(state), text(''));
    expect(turnOutcome(state)).toMatchObject({ kind: 'success', response: 'Working on it' });
  });

  it('stops at the ceiling while the model still wants tools: calls not executed nor counted', () => {
    let state = onReasonCompleted(started(2), tools(1));
    state = onActCompleted(state);
    state = onReasonCompleted(state, tools(3, 'more'));
    expect(state.phase).toBe('completed');
    const outcome = turnOutcome(state);
    expect(outcome).toEqual({ kind: 'max_iterations_reached', response: 'more', iterations: 2, toolCallCount: 1 });
    expect(stopReasonOf(outcome)).toBe('max_turn_requests');
  });

  it('a final answer on the last allowed iteration is a success (project decision 5)', () => {
    let state = onReasonCompleted(started(2), tools(1));
    state = onReasonCompleted(onActCompleted(state), text('Answer'));
    const outcome = turnOutcome(state);
    expect(outcome.kind).toBe('success');
    expect(stopReasonOf(outcome)).toBe('end_turn');
  });

  it('max iterations of 1 with tool calls: nothing executes', () => {
    const state = onReasonCompleted(started(1), tools(1));
    expect(turnOutcome(state)).toEqual({ kind: 'max_iterations_reached', response: '', iterations: 1, toolCallCount: 0 });
  });

  it('a failed reason fails the turn with its error and code', () => {
    const state = onReasonCompleted(started(), { success: false, text: '', toolCallCount: 0, error: 'LLM error: boom', errorCode: 'llm_other' });
    const outcome = turnOutcome(state);
    expect(outcome).toEqual({ kind: 'failed', error: 'LLM error: boom', errorCode: 'llm_other', iterations: 1 });
    expect(stopReasonOf(outcome)).toBe('error');
  });

  it('steering messages keep reason going below the ceiling, then stop at it', () => {
    let state = onReasonCompleted(started(2), text('first', { hasPendingUserMessages: true }));
    expect(nextAction(state)).toEqual({ kind: 'execute_reason', iteration: 2 });
    state = onReasonCompleted(state, text('second', { hasPendingUserMessages: true }));
    expect(state.phase).toBe('completed');
  });

  it('threads previousResponseId into the next reason step', () => {
    let state = onReasonCompleted(started(), { ...tools(1), responseId: 'resp_1' });
    state = onActCompleted(state);
    expect(nextAction(state)).toEqual({ kind: 'execute_reason', iteration: 2, previousResponseId: 'resp_1' });
  });

  it('sums usage over reason steps', () => {
    let state = onReasonCompleted(started(), { ...tools(1), usage: { inputTokens: 10, outputTokens: 5 } });
    state = onReasonCompleted(onActCompleted(state), { ...text('x'), usage: { inputTokens: 20, outputTokens: 7, cacheReadTokens: 3 } });
    expect(state.usage).toEqual({ inputTokens: 30, outputTokens: 12, cacheReadTokens: 3 });
  });

  it('maps provider finish reasons to stop reasons', () => {
    expect(stopReasonOf(turnOutcome(onReasonCompleted(started(), text('x', { finishReason: 'length' }))))).toBe('max_tokens');
    expect(stopReasonOf(turnOutcome(onReasonCompleted(started(), text('x', { finishReason: 'content_filter' }))))).toBe('refusal');
    expect(stopReasonOf(turnOutcome(onReasonCompleted(started(), text('x', { finishReason: 'stop' }))))).toBe('end_turn');
  });

  it('cancellation completes a running turn and keeps the counters', () => {
    const state = onCancelled(onActCompleted(onReasonCompleted(started(), tools(2))), 'user stop');
    expect(turnOutcome(state)).toEqual({ kind: 'cancelled', reason: 'user stop', iterations: 1, toolCallCount: 2 });
    expect(stopReasonOf(turnOutcome(state))).toBe('cancelled');
  });

  it('cancelling or failing a completed turn changes nothing', () => {
    const done = onReasonCompleted(started(), text('ok'));
    expect(onCancelled(done)).toBe(done);
    expect(onFailed(done, 'late')).toBe(done);
    expect(turnOutcome(onFailed(started(), 'store down', 'internal'))).toEqual({ kind: 'failed', error: 'store down', errorCode: 'internal', iterations: 0 });
  });

  it('rejects events in the wrong phase and invalid ceilings', () => {
    expect(() => onReasonCompleted(initialTurnState(), text('x'))).toThrow(/pending_input/);
    expect(() => onActCompleted(started())).toThrow(/expected pending_act/);
    expect(() => onInputCompleted(started())).toThrow();
    expect(() => turnOutcome(started())).toThrow(/no outcome/);
    expect(() => initialTurnState(0)).toThrow(RangeError);
    expect(() => initialTurnState(1.5)).toThrow(RangeError);
  });

  it('state is plain JSON: a serialised state resumes identically', () => {
    const state = onActCompleted(onReasonCompleted(started(3), { ...tools(1, 'hi'), usage: { inputTokens: 1, outputTokens: 1 }, responseId: 'r' }));
    const revived = JSON.parse(JSON.stringify(state)) as TurnState;
    expect(nextAction(revived)).toEqual(nextAction(state));
    expect(turnOutcome(onReasonCompleted(revived, text('end')))).toEqual(turnOutcome(onReasonCompleted(state, text('end'))));
  });

  it('exhaustively: every sequence of steps up to the ceiling ends consistently', () => {
    // Walk every combination of "tools" / "answer" / "fail" for up to 4 reason steps with ceilings 1..4.
    const kinds = ['tools', 'answer', 'fail'] as const;
    for (let max = 1; max <= 4; max++) {
      const walk = (state: TurnState, executed: number, depth: number): void => {
        if (state.phase === 'completed') {
          const outcome = turnOutcome(state);
          expect(outcome.iterations).toBeLessThanOrEqual(max);
          if (outcome.kind === 'success' || outcome.kind === 'max_iterations_reached') expect(outcome.toolCallCount).toBe(executed);
          if (outcome.kind === 'max_iterations_reached') expect(outcome.iterations).toBe(max);
          return;
        }
        if (state.phase === 'pending_act') {
          walk(onActCompleted(state), executed, depth);
          return;
        }
        for (const kind of kinds) {
          const step = kind === 'tools' ? tools(1) : kind === 'answer' ? text('a') : { success: false, text: '', toolCallCount: 0, error: 'e' };
          const next = onReasonCompleted(state, step);
          const ran = next.phase === 'pending_act' ? 1 : 0;
          walk(next, executed + ran, depth + 1);
        }
      };
      walk(started(max), 0, 0);
    }
  });

  it('gives every state the same fields in the same order, whatever the transition (one shape, so transitions stay cheap)', () => {
    const states: TurnState[] = [initialTurnState(3)];
    const push = (state: TurnState) => {
      states.push(state);
      return state;
    };
    let state = push(onInputCompleted(states[0] as TurnState));
    state = push(onReasonCompleted(state, { ...tools(1), usage: { inputTokens: 3, outputTokens: 1 }, responseId: 'r1' }));
    state = push(onActCompleted(state));
    push(onReasonCompleted(state, text('done', { finishReason: 'stop' })));
    push(onReasonCompleted(state, { success: false, text: '', toolCallCount: 0, error: 'boom', errorCode: 'llm_other' }));
    push(onCancelled(state, 'user'));
    push(onFailed(state, 'tool context failed', 'internal'));
    push(onReasonCompleted(started(1), tools(1))); // cut off at the ceiling
    const shapes = new Set(states.map((s) => Object.keys(s).join(',')));
    expect(shapes.size).toBe(1);
    // Absent fields are undefined, which JSON leaves out: a persisted state is as small as before.
    expect(Object.keys(JSON.parse(JSON.stringify(states[0])))).toEqual(['phase', 'maxIterations', 'iteration', 'toolCallCount', 'llmCallCount', 'lastResponse']);
  });
});
