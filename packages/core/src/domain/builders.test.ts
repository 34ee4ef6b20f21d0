import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { AgentId, HarnessId, ModelId, PrincipalId, SessionId } from '../ids/index.js';
import { AgentBuilder } from './agent-builder.js';
import { HarnessBuilder } from './harness-builder.js';
import { SessionBuilder } from './session-builder.js';

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('HarnessBuilder', () => {
  it('applies defaults: generated id, active, empty lists, updatedAt = createdAt', () => {
    const before = Date.now();
    const harness = HarnessBuilder.create('h', 'Prompt').build();
    expect(HarnessId.is(harness.id)).toBe(true);
    expect(harness).toMatchObject({ name: 'h', systemPrompt: 'Prompt', status: 'active', tags: [], capabilities: [], initialFiles: [] });
    expect(harness.updatedAt).toBe(harness.createdAt);
    expect(Date.parse(harness.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(HarnessBuilder.create('h').build().id).not.toBe(harness.id);
  });

  it('sets every field', () => {
    const parent = HarnessId.fromSeed(9);
    const harness = HarnessBuilder.create('h', 'P')
      .id(HarnessId.fromSeed(1))
      .displayName('Display')
      .description('Desc')
      .parent(parent)
      .defaultModel(ModelId.fromSeed(2))
      .tags(['a'])
      .tag('b')
      .tag('a')
      .capability('fs', { root: '/' })
      .capability('time')
      .capability('fs', { root: '/x' })
      .initialFile('/workspace/a.txt', 'one')
      .initialFile('/a.txt', 'two', { isReadonly: true })
      .initialFile('/b.bin', 'AAE=', { encoding: 'base64' })
      .networkAccess({ allowed: ['*.example.com'] })
      .parallelToolCalls(false)
      .status('archived')
      .build();
    expect(harness).toMatchObject({
      id: HarnessId.fromSeed(1),
      displayName: 'Display',
      description: 'Desc',
      parentHarnessId: parent,
      defaultModelId: ModelId.fromSeed(2),
      tags: ['a', 'b'],
      capabilities: [{ id: 'fs', config: { root: '/x' } }, { id: 'time' }],
      initialFiles: [
        { path: '/a.txt', content: 'two', encoding: 'text', isReadonly: true },
        { path: '/b.bin', content: 'AAE=', encoding: 'base64', isReadonly: false },
      ],
      networkAccess: { allowed: ['*.example.com'], blocked: [] },
      parallelToolCalls: false,
      status: 'archived',
    });
  });

  it('keeps explicit timestamps', () => {
    const harness = HarnessBuilder.create('h').timestamps('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z').build();
    expect([harness.createdAt, harness.updatedAt]).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    const fromDate = HarnessBuilder.create('h').createdAt(new Date('2026-03-01T00:00:00Z')).build();
    expect([fromDate.createdAt, fromDate.updatedAt]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });

  it('reports a bad field by name', () => {
    const error = validationError(() => HarnessBuilder.create('').parent('harness_bad' as HarnessId).build());
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['name', 'parentHarnessId']);
    expect(error.message).toContain('parentHarnessId');
    expect(error.message).toContain('invalid harness');
  });

  it('reports a malformed timestamp', () => {
    const error = validationError(() => HarnessBuilder.create('h').createdAt('yesterday').build());
    expect(error.issues.map((issue) => issue.path)).toEqual(['createdAt', 'updatedAt']);
  });

  it('does not let later builder calls change an entity already built', () => {
    const builder = HarnessBuilder.create('h').tag('a');
    const first = builder.build();
    builder.tag('b').capability('x');
    expect(first.tags).toEqual(['a']);
    expect(first.capabilities).toEqual([]);
  });
});

describe('AgentBuilder', () => {
  it('sets agent fields, including tools and the iteration cap', () => {
    const agent = AgentBuilder.create('a', 'Persona')
      .id(AgentId.fromSeed(1))
      .description('d')
      .defaultModel(ModelId.fromSeed(1))
      .maxIterations(3)
      .tool({ type: 'builtin', name: 'get_time', description: 'time', parameters: {} })
      .tool({ type: 'client_side', name: 'ask_user', description: 'ask', parameters: { type: 'object' } })
      .build();
    expect(agent).toMatchObject({ id: AgentId.fromSeed(1), systemPrompt: 'Persona', maxIterations: 3, status: 'active' });
    expect(agent.tools.map((tool) => [tool.type, tool.name])).toEqual([
      ['builtin', 'get_time'],
      ['client_side', 'ask_user'],
    ]);
    expect(agent.tools[0]).toMatchObject({ policy: 'auto' });
  });

  it('rejects a non-positive iteration cap and a bad tool name, naming the fields', () => {
    const error = validationError(() =>
      AgentBuilder.create('a').maxIterations(0).tool({ type: 'client_side', name: 'bad name', description: '', parameters: {} }).build(),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['maxIterations', 'tools.0.name']);
  });
});

describe('SessionBuilder', () => {
  it('defaults to started, owner principal 1 and the given harness', () => {
    const harnessId = HarnessId.fromSeed(1);
    const session = SessionBuilder.create(harnessId).build();
    expect(SessionId.is(session.id)).toBe(true);
    expect(session).toMatchObject({ harnessId, ownerPrincipalId: PrincipalId.fromSeed(1), status: 'started', tools: [] });
    expect(session.agentId).toBeUndefined();
    expect(session.updatedAt).toBe(session.createdAt);
  });

  it('sets session fields', () => {
    const session = SessionBuilder.create(HarnessId.fromSeed(1))
      .id(SessionId.fromSeed(5))
      .agent(AgentId.fromSeed(2))
      .owner(PrincipalId.fromSeed(7))
      .title('Chat')
      .locale('fr-FR')
      .model(ModelId.fromSeed(3))
      .systemPrompt('Extra')
      .maxIterations(4)
      .capability('memory')
      .initialFile('notes.md', '# hi')
      .status('idle')
      .timestamps('2026-01-01T00:00:00.000Z')
      .build();
    expect(session).toMatchObject({
      id: SessionId.fromSeed(5),
      agentId: AgentId.fromSeed(2),
      ownerPrincipalId: PrincipalId.fromSeed(7),
      title: 'Chat',
      locale: 'fr-FR',
      modelId: ModelId.fromSeed(3),
      systemPrompt: 'Extra',
      maxIterations: 4,
      capabilities: [{ id: 'memory' }],
      status: 'idle',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('names a wrong id kind in its error', () => {
    const error = validationError(() => SessionBuilder.create(AgentId.fromSeed(1) as unknown as HarnessId).build());
    expect(error.issues[0]?.path).toBe('harnessId');
    expect(error.issues[0]?.message).toContain('expected "harness_"');
  });
});
