import {
  type Event,
  EventId,
  HarnessId,

  Messages,
  parseEvent,
  type SessionId,
  TurnId,
} from '@org/core';

type Draft = { type: Event['type']; data: unknown; ephemeral?: boolean };

/**
 * The events of a realistic single-tool turn (SPEC §3.3), with ids and
 * per-session sequences as the runtime assigns them: durable events from
 * `firstSequence` on; deltas are ephemeral and carry the last durable sequence.
 * Every event is validated with core's schema.
 */
export function turnEvents(sessionId: SessionId, firstSequence = 1): Event[] {
  const turnId = TurnId.generate();
  const input = Messages.user('What is the weather in Paris?');
  const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
  const toolTurn = Messages.agentWithTools('Let me check.', [call]);
  const answer = Messages.agent('It is sunny in Paris.');
  const usage = { inputTokens: 12, outputTokens: 7 };
  const harnessId = HarnessId.fromSeed(1);
  const generation = (text: string, toolCalls: (typeof call)[]) => ({
    messageCount: 2,
    toolNames: ['get_weather'],
    output: { text, toolCalls },
    metadata: { model: 'llmsim', success: true, finishReasons: [toolCalls.length ? 'tool_calls' : 'stop'], usage },
  });
  const deltas = (text: string): Draft[] =>
    text.split(' ').map((_, i, words) => ({
      type: 'output.message.delta',
      ephemeral: true,
      data: { turnId, delta: `${i ? ' ' : ''}${words[i]}`, accumulated: words.slice(0, i + 1).join(' ') },
    }));
  const drafts: Draft[] = [
    { type: 'input.message', data: { message: input } },
    { type: 'session.activated', data: { turnId, inputMessageId: input.id } },
    { type: 'turn.started', data: { turnId, inputMessageId: input.id } },
    { type: 'reason.started', data: { harnessId, iteration: 1 } },
    { type: 'output.message.started', data: { turnId, model: 'llmsim', iteration: 1 } },
    ...deltas('Let me check.'),
    { type: 'llm.generation', data: generation('Let me check.', [call]) },
    { type: 'output.message.completed', data: { message: toolTurn, usage } },
    { type: 'reason.completed', data: { success: true, hasToolCalls: true, toolCallCount: 1, usage } },
    { type: 'act.started', data: { toolCalls: [{ id: call.id, name: call.name }] } },
    { type: 'tool.started', data: { toolCall: call } },
    {
      type: 'tool.completed',
      data: { toolCallId: call.id, toolName: call.name, success: true, status: 'success', result: [{ type: 'text', text: 'sunny' }] },
    },
    { type: 'act.completed', data: { completed: true, successCount: 1, errorCount: 0 } },
    { type: 'reason.started', data: { harnessId, iteration: 2 } },
    { type: 'output.message.started', data: { turnId, model: 'llmsim', iteration: 2 } },
    ...deltas('It is sunny in Paris.'),
    { type: 'llm.generation', data: generation('It is sunny in Paris.', []) },
    { type: 'output.message.completed', data: { message: answer, usage } },
    { type: 'reason.completed', data: { success: true, hasToolCalls: false, toolCallCount: 0, usage } },
    {
      type: 'turn.completed',
      data: { turnId, iterations: 2, toolCallCount: 1, llmCallCount: 2, stopReason: 'end_turn', status: 'completed', finalMessageId: answer.id },
    },
    { type: 'session.idled', data: { turnId, iterations: 2 } },
  ];
  let sequence = firstSequence - 1;
  return drafts.map((draft) => {
    if (!draft.ephemeral) sequence += 1;
    return parseEvent({
      id: EventId.generate(),
      ts: new Date().toISOString(),
      sessionId,
      sequence,
      context: draft.type === 'input.message' ? {} : { turnId },
      type: draft.type,
      data: draft.data,
      ...(draft.ephemeral ? { ephemeral: true } : {}),
    });
  });
}

/** A small durable event with a given sequence (for ordering and paging tests). */
export function progressEvent(sessionId: SessionId, sequence: number, message = `step ${sequence}`): Event {
  return parseEvent({
    id: EventId.generate(),
    ts: new Date().toISOString(),
    sessionId,
    sequence,
    context: {},
    type: 'tool.progress',
    data: { toolCallId: 'call_1', toolName: 'long_job', message },
  });
}

/** A live-only delta that follows durable event `sequence`. */
export function deltaEvent(sessionId: SessionId, sequence: number, accumulated: string): Event {
  return parseEvent({
    id: EventId.generate(),
    ts: new Date().toISOString(),
    sessionId,
    sequence,
    ephemeral: true,
    context: {},
    type: 'output.message.delta',
    data: { turnId: TurnId.fromSeed(1), delta: accumulated.slice(-1), accumulated },
  });
}

