import { type Event, ModelId, type RuntimeBackends } from '@org/core';
import { LlmSim, SimTurn, toolCall } from '@org/driver-llmsim';
import { expect, it } from 'vitest';
import { buildFixture, SINGLE_TOOL_TURN_ORDER } from './runtime-fixture.js';

const mathSession = (s: Parameters<Parameters<typeof buildFixture>[2] & object>[0]) =>
  s.harness('math', 'You are a math assistant.').harnessCapability('test_math');

/** SPEC 11.3: end-to-end turn semantics. */
export function turnScenarios(backends: () => RuntimeBackends): void {
  it('single_tool_turn: iterations 2, one tool call, end_turn, events in the acceptance order', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 }, 'call_add')]), SimTurn.assistant('2 + 3 = 5')]);
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, mathSession);
    const before = (await events()).length;
    const result = await runtime.runTextTurn(sessionId, 'add 2 and 3');
    expect(result).toMatchObject({ success: true, iterations: 2, toolCallCount: 1, stopReason: 'end_turn', response: '2 + 3 = 5' });
    const turnEvents = (await events()).slice(before);
    expect(turnEvents.map((e) => e.type)).toEqual(SINGLE_TOOL_TURN_ORDER);
    // Per-session sequences are strictly increasing with no gaps.
    const all = await events();
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
    // Every event of the turn carries the turn id.
    for (const event of turnEvents) expect(event.context.turnId).toBe(result.turnId);
  });

  it('parallel_tool_batch: two calls in one step give two tool.completed in call order', async () => {
    const sim = LlmSim.scripted([
      SimTurn.toolCalls([toolCall('add', { a: 1, b: 1 }, 'call_1'), toolCall('multiply', { a: 3, b: 4 }, 'call_2')]),
      SimTurn.assistant('done'),
    ]);
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, mathSession);
    const result = await runtime.runTextTurn(sessionId, 'go');
    expect(result.iterations).toBe(2);
    expect(result.toolCallCount).toBe(2);
    const completed = (await events()).filter((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
    expect(completed.map((e) => e.data.toolCallId)).toEqual(['call_1', 'call_2']);
    const messages = await runtime.messages(sessionId);
    expect(messages.filter((m) => m.role === 'tool_result').map((m) => m.content[0])).toEqual([
      expect.objectContaining({ toolCallId: 'call_1', result: expect.objectContaining({ result: 2 }) }),
      expect.objectContaining({ toolCallId: 'call_2', result: expect.objectContaining({ result: 12 }) }),
    ]);
  });

  it('failing_tool_does_not_fail_the_turn: divide by zero is an error result the model sees', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('divide', { a: 1, b: 0 }, 'call_div')]), SimTurn.assistant('cannot')]).withMessageCapture();
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, mathSession);
    const result = await runtime.runTextTurn(sessionId, 'divide');
    expect(result.success).toBe(true);
    const completed = (await events()).find((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
    expect(completed?.data).toMatchObject({ success: false, status: 'error', error: 'Cannot divide by zero' });
  });

  it('provider_failure_completes_the_turn_as_failed', async () => {
    const { runtime, sessionId, eventTypes } = await buildFixture(backends(), LlmSim.error('boom'));
    const result = await runtime.runTextTurn(sessionId, 'hi');
    expect(result).toMatchObject({ iterations: 1, response: '', success: false, toolCallCount: 0, stopReason: 'error' });
    expect(result.error).toContain('boom');
    const types = await eventTypes();
    expect(types).toContain('turn.failed');
    expect(types.at(-1)).toBe('session.idled');
    expect(types).not.toContain('turn.completed');
    // The user-facing error message is stored but never shown to the model again.
    const messages = await runtime.messages(sessionId);
    expect(messages.at(-1)?.metadata).toMatchObject({ userFacingError: true });
  });

  it('tool_calls_at_the_iteration_ceiling: the second batch is not executed', async () => {
    const sim = LlmSim.fixed('again').withToolCalls([toolCall('add', { a: 1, b: 2 })]);
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, (s) => mathSession(s).agent('a', '').agentMaxIterations(2));
    const result = await runtime.runTextTurn(sessionId, 'loop');
    expect(result).toMatchObject({ iterations: 2, toolCallCount: 1, stopReason: 'max_turn_requests', success: true });
    expect((await events()).filter((e) => e.type === 'tool.completed')).toHaveLength(1);
  });

  it('previous_response_id is threaded from one reason step to the next within a turn', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 1, b: 2 })]), SimTurn.assistant('ok')]).withResponseId('resp_42');
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, mathSession);
    await runtime.runTextTurn(sessionId, 'x');
    const generations = (await events()).filter((e): e is Event<'llm.generation'> => e.type === 'llm.generation');
    expect(generations.map((g) => g.data.metadata.responseId)).toEqual(['resp_42', 'resp_42']);
  });

  it('usage is accounted per reason step and summed per turn', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 1, b: 2 })]), SimTurn.assistant('three')]);
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, mathSession);
    const result = await runtime.runTextTurn(sessionId, 'x');
    const steps = (await events()).filter((e): e is Event<'reason.completed'> => e.type === 'reason.completed');
    const sum = steps.reduce((acc, e) => ({ input: acc.input + (e.data.usage?.inputTokens ?? 0), output: acc.output + (e.data.usage?.outputTokens ?? 0) }), { input: 0, output: 0 });
    expect(sum.input).toBeGreaterThan(0);
    expect(result.usage).toMatchObject({ inputTokens: sum.input, outputTokens: sum.output });
    const completed = (await events()).find((e): e is Event<'turn.completed'> => e.type === 'turn.completed');
    expect(completed?.data).toMatchObject({ usage: result.usage, llmCallCount: 2, toolCallCount: 1 });
  });

  it('tool results reach the model as the tool JSON, once encoded', async () => {
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('multiply', { a: 6, b: 7 }, 'c1')]), SimTurn.assistant('42')]).withMessageCapture();
    const fixture = await buildFixture(backends(), sim, mathSession);
    await fixture.runtime.runTextTurn(fixture.sessionId, 'x');
    const second = fixture.sim.capturedMessages?.at(1) ?? [];
    const toolMessage = second.find((m) => m.role === 'tool');
    expect(toolMessage?.toolCallId).toBe('c1');
    expect(JSON.parse(toolMessage?.content as string)).toMatchObject({ result: 42 });
  });

  it('the new message\'s controls pick the model and the answer locale of its own turn', async () => {
    const modelId = ModelId.generate();
    const sim = LlmSim.fixed('bonjour').withMessageCapture();
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, (s) => s.harness('h', 'Be helpful.'), (b) =>
      b.model(modelId, { model: 'llmsim-special', provider: 'llmsim' }),
    );
    await runtime.runTurn(sessionId, { content: [{ type: 'text', text: 'salut' }], controls: { modelId, locale: 'fr-FR' } });
    const generation = (await events()).find((e): e is Event<'llm.generation'> => e.type === 'llm.generation');
    expect(generation?.data.metadata.model).toBe('llmsim-special');
    const system = sim.capturedMessages[0]?.find((m) => m.role === 'system');
    expect(system?.content).toContain('fr-FR');
    // The next message without controls goes back to the default model.
    await runtime.runTextTurn(sessionId, 'encore');
    const last = (await events()).filter((e): e is Event<'llm.generation'> => e.type === 'llm.generation').at(-1);
    expect(last?.data.metadata.model).toBe('llmsim-model');
  });

  it('history across turns: sequences stay unbroken and messages accumulate', async () => {
    const { runtime, sessionId, events } = await buildFixture(backends(), LlmSim.echo());
    for (const text of ['one', 'two', 'three']) expect((await runtime.runTextTurn(sessionId, text)).response).toBe(`Echo: ${text}`);
    const all = await events();
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => i + 1));
    expect((await runtime.messages(sessionId)).map((m) => m.role)).toEqual(['user', 'agent', 'user', 'agent', 'user', 'agent']);
  });
}
