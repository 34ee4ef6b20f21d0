import { type Event, type EventData, EventId, type EventType, MessageId, Messages, type SessionId, TurnId } from '@org/core';

function event<T extends EventType>(sessionId: SessionId, sequence: number, type: T, data: EventData<T>, turnId: TurnId, tags?: string[]): Event {
  return {
    id: EventId.generate(),
    ts: new Date().toISOString(),
    sessionId,
    sequence,
    context: { turnId },
    type,
    data,
    ...(tags ? { tags } : {}),
  } as unknown as Event;
}

/**
 * The durable events of one realistic single-tool-call turn, grouped by the
 * atom that writes them (input, reason with a tool call, act, final reason):
 * four batches, each one `append`. `tag` marks every event (e.g. the writer),
 * so tests can check that a turn's events were not interleaved.
 */
export function turnBatches(sessionId: SessionId, firstSequence: number, tag = 'turn'): Event[][] {
  const turnId = TurnId.generate();
  const inputMessage = Messages.user('What is the weather in Paris?');
  let sequence = firstSequence;
  const next = <T extends EventType>(type: T, data: EventData<T>) => event(sessionId, sequence++, type, data, turnId, [tag]);
  const usage = { inputTokens: 120, outputTokens: 24 };
  const call = { id: `call_${turnId.slice(-8)}`, name: 'test_weather', arguments: { city: 'Paris' } };
  const generation = (text: string | undefined, toolCalls: (typeof call)[]) =>
    next('llm.generation', {
      messageCount: 3,
      toolNames: ['test_weather'],
      output: { ...(text ? { text } : {}), toolCalls },
      metadata: { model: 'llmsim', success: true, finishReasons: ['stop'], usage },
    });
  const input = [
    next('session.activated', { turnId, inputMessageId: inputMessage.id }),
    next('turn.started', { turnId, inputMessageId: inputMessage.id }),
    next('input.message', { message: inputMessage }),
  ];
  const reasonWithTool = [
    next('reason.started', { harnessId: 'harness_00000000000000000000000000000001' as never, iteration: 1 }),
    next('output.message.started', { turnId, model: 'llmsim', iteration: 1 }),
    generation(undefined, [call]),
    next('output.message.completed', { message: Messages.agentWithTools('', [call]), usage }),
    next('reason.completed', { success: true, hasToolCalls: true, toolCallCount: 1, usage }),
  ];
  const act = [
    next('act.started', { toolCalls: [{ id: call.id, name: call.name }] }),
    next('tool.started', { toolCall: call }),
    next('tool.completed', { toolCallId: call.id, toolName: call.name, success: true, status: 'success', result: [{ type: 'text', text: '{"city":"Paris","tempC":18}' }] }),
    next('act.completed', { completed: true, successCount: 1, errorCount: 0 }),
  ];
  const finalMessage = Messages.agent('It is 18°C and sunny in Paris.', MessageId.generate());
  const reasonFinal = [
    next('reason.started', { harnessId: 'harness_00000000000000000000000000000001' as never, iteration: 2 }),
    next('output.message.started', { turnId, model: 'llmsim', iteration: 2 }),
    generation(finalMessage.content[0]?.type === 'text' ? finalMessage.content[0].text : '', []),
    next('output.message.completed', { message: finalMessage, usage }),
    next('reason.completed', { success: true, hasToolCalls: false, toolCallCount: 0, usage }),
    next('turn.completed', { turnId, iterations: 2, toolCallCount: 1, llmCallCount: 2, stopReason: 'end_turn', status: 'completed', usage }),
    next('session.idled', { turnId, iterations: 2 }),
  ];
  return [input, reasonWithTool, act, reasonFinal];
}
