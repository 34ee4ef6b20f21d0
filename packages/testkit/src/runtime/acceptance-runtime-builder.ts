import { AgentId, HarnessId, type RuntimeBackends, SessionId } from '@org/core';
import { LlmSim, SimTurn, toolCall } from '@org/driver-llmsim';
import { expect, it } from 'vitest';
import { buildFixture } from './runtime-fixture.js';

/** SPEC 11.1: the in-process runtime and its builders. */
export function runtimeBuilderScenarios(backends: () => RuntimeBackends): void {
  it('runtime_executes_tool_loop_and_persists_messages', async () => {
    const sim = LlmSim.fixed('Let me calculate that.').withToolCallSequence([[toolCall('multiply', { a: 6, b: 7 }, 'call_mul_1')], []]);
    const { runtime, sessionId, eventTypes } = await buildFixture(backends(), sim, (s) =>
      s.harness('math', 'You are a math assistant.').harnessCapability('test_math').agent('calculator', 'Use tools when needed.').agentMaxIterations(8),
    );
    const result = await runtime.runTextTurn(sessionId, 'What is 6 * 7?');
    expect(result.success).toBe(true);
    const messages = await runtime.messages(sessionId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'agent', 'tool_result', 'agent']);
    expect(messages[1]?.content).toContainEqual({ type: 'tool_call', id: 'call_mul_1', name: 'multiply', arguments: { a: 6, b: 7 } });
    expect(messages[2]?.content[0]).toMatchObject({ type: 'tool_result', toolCallId: 'call_mul_1', result: { result: 42, operation: 'multiply' } });
    // Text and tool-call sequences advance independently: both assistant messages carry the fixed text.
    for (const agent of [messages[1], messages[3]]) expect(agent?.content[0]).toEqual({ type: 'text', text: 'Let me calculate that.' });
    const types = await eventTypes();
    expect(types).toContain('input.message');
    expect(types).toContain('tool.completed');
  });

  it('single_session_builder_seeds_runnable_runtime', async () => {
    const { runtime } = await buildFixture(backends(), LlmSim.fixed('ready'));
    const sessionId = runtime.defaultSessionId;
    expect(sessionId).toBeDefined();
    const result = await runtime.runTextTurn(sessionId as SessionId, 'hello');
    expect(result.response).toBe('ready');
  });

  it('single_session_builder_pins_session_id_when_set', async () => {
    const pinned = SessionId.generate();
    const { runtime } = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.sessionId(pinned));
    expect(runtime.defaultSessionId).toBe(pinned);
  });

  it('single_session_builder_preserves_harness_and_agent_acl_when_order_changes', async () => {
    const access = { allowed: ['*.example.com'], blocked: ['bad.example.com'] };
    const a = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.harnessNetworkAccess(access).harness('h', 'p').agentNetworkAccess({ allowed: ['api.example.com'] }).agent('a', 'q'));
    const b = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.harness('h', 'p').agent('a', 'q').agentNetworkAccess({ allowed: ['api.example.com'] }).harnessNetworkAccess(access));
    const ca = await a.runtime.loadContext(a.sessionId);
    const cb = await b.runtime.loadContext(b.sessionId);
    expect(ca.effectiveOverlay.networkAccess).toEqual(cb.effectiveOverlay.networkAccess);
    expect(ca.effectiveOverlay.networkAccess?.blocked).toContain('bad.example.com');
    expect(ca.effectiveOverlay.networkAccess?.allowed).toEqual(['api.example.com']);
  });

  it('runtime_seeds_initial_files_from_harness_chain', async () => {
    const parentId = HarnessId.generate();
    const childId = HarnessId.generate();
    const sessionId = SessionId.generate();
    const { runtime } = await buildFixture(backends(), LlmSim.fixed('x'), undefined, (b) =>
      b
        .harness({ id: parentId, name: 'parent', initialFiles: [{ path: '/workspace/notes.txt', content: 'remember me', isReadonly: true }] })
        .harness({ id: childId, name: 'child', parentHarnessId: parentId, systemPrompt: 'child prompt' })
        .session({ id: sessionId, harnessId: childId })
        .seedTextFile(sessionId, '/workspace/extra.txt', 'seeded'),
    );
    const notes = await runtime.readFile(sessionId, '/workspace/notes.txt');
    expect(notes?.content).toBe('remember me');
    expect(notes?.isReadonly).toBe(true);
    expect((await runtime.readFile(sessionId, '/extra.txt'))?.content).toBe('seeded');
    const context = await runtime.loadContext(sessionId);
    expect(context.harnessChain.map((h) => h.name)).toEqual(['parent', 'child']);
  });

  it('runtime_runs_session_without_agent_entity', async () => {
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.fixed('Harness-only runtime works'), (s) => s.withoutAgent());
    const context = await runtime.loadContext(sessionId);
    expect(context.agent).toBeUndefined();
    const result = await runtime.runTextTurn(sessionId, 'hi');
    expect(result.response).toBe('Harness-only runtime works');
    expect(await runtime.messages(sessionId)).toHaveLength(2);
  });

  it('runtime_exposes_assembled_context', async () => {
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'));
    const before = await runtime.loadContext(sessionId);
    expect(before.messages).toEqual([]);
    expect(before.harnessChain).toHaveLength(1);
    expect(before.model.model).toBe('llmsim-model');
    expect(before.runtimeAgent.tools.map((t) => t.name)).toContain('multiply');
    expect(before.runtimeAgent.systemPrompt).toContain('You are a math assistant.');
    await runtime.runTextTurn(sessionId, 'hi');
    expect((await runtime.loadContext(sessionId)).messages).toHaveLength(2);
  });

  it('default_runtime_uses_runtime_safe_capability_preset', async () => {
    const { runtime, sessionId } = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.harnessCapability('current_time'));
    const context = await runtime.loadContext(sessionId);
    expect(context.runtimeAgent.tools.map((t) => t.name)).toContain('get_current_time');
    expect(runtime.capabilities.has('platform_management')).toBe(false);
  });

  it('configuration changed between turns is used by the next turn (nothing stale is cached)', async () => {
    const sim = LlmSim.scripted([SimTurn.assistant('first'), SimTurn.toolCalls([toolCall('multiply', { a: 2, b: 21 }, 'c1')]), SimTurn.assistant('done')]);
    const { runtime, sessionId, events } = await buildFixture(backends(), sim, (s) => s.harness('h', 'Before.'));
    await runtime.runTextTurn(sessionId, 'one');
    const session = await runtime.backends.sessions.getSession(sessionId);
    if (!session) throw new Error('session missing');
    await runtime.backends.sessions.putSession({ ...session, capabilities: [...session.capabilities, { id: 'test_math' }], systemPrompt: 'After.' });
    const result = await runtime.runTextTurn(sessionId, 'two');
    expect(result.toolCallCount).toBe(1);
    const completed = (await events()).filter((e) => e.type === 'tool.completed');
    expect(completed.at(-1)).toMatchObject({ data: { toolCallId: 'c1', success: true } });
    expect((await runtime.loadContext(sessionId)).runtimeAgent.systemPrompt).toContain('After.');
  });

  it('an unknown capability is a clear configuration error and records nothing', async () => {
    const { runtime, sessionId, events } = await buildFixture(backends(), LlmSim.fixed('x'), (s) => s.harnessCapability('no_such_capability'));
    const before = (await events()).length;
    await expect(runtime.runTextTurn(sessionId, 'hi')).rejects.toThrow(/unknown capability "no_such_capability"/);
    expect(await events()).toHaveLength(before);
    // The session is not left marked active by the turn that could not start.
    expect((await runtime.backends.sessions.getSession(sessionId))?.status).not.toBe('active');
  });

  it('agent and session ids that do not exist give not-found errors', async () => {
    const { runtime } = await buildFixture(backends(), LlmSim.fixed('x'));
    await expect(runtime.runTextTurn(SessionId.generate(), 'hi')).rejects.toThrow(/session not found/);
    await expect(runtime.createSession({ harnessId: HarnessId.generate() })).rejects.toThrow(/harness not found/);
    await expect(runtime.runTextTurn('session_nothex', 'hi')).rejects.toThrow(/expected "session_" followed by 32 lowercase hex/);
    const harnessId = (await runtime.loadContext(runtime.defaultSessionId as SessionId)).session.harnessId;
    const rejectedId = SessionId.generate();
    await expect(runtime.createSession({ id: rejectedId, harnessId, agentId: AgentId.generate() })).rejects.toThrow(/agent not found/);
    // A rejected session is not stored.
    expect(await runtime.backends.sessions.getSession(rejectedId)).toBeUndefined();
  });
}
