import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { HarnessId, ModelId } from '../ids/index.js';
import { AgentBuilder } from './agent-builder.js';
import { HarnessBuilder } from './harness-builder.js';
import { NETWORK_NONE } from './network-access.js';
import {
  agentOverlay,
  dedupeTools,
  effectiveOverlay,
  foldOverlays,
  harnessOverlay,
  mergeHarnessChain,
  mergeNetworkAccess,
  mergeOverlay,
  normaliseInitialFilePath,
  sessionOverlay,
} from './overlay.js';
import type { AgentConfigOverlay } from './overlay.types.js';
import { SessionBuilder } from './session-builder.js';
import type { ToolDefinition } from './tool-definition.js';

const file = (path: string, content: string) => ({ path, content, encoding: 'text' as const, isReadonly: false });
const tool = (name: string, description: string): ToolDefinition => ({ type: 'client_side', name, description, parameters: {} });

describe('mergeOverlay: system prompt', () => {
  it('trims, drops empty prompts and joins the rest base first', () => {
    expect(foldOverlays([{ systemPrompt: '  A ' }, { systemPrompt: '' }, { systemPrompt: '\n' }, { systemPrompt: 'B\n' }])).toEqual({
      systemPrompt: 'A\n\nB',
    });
  });

  it('leaves the prompt unset when no layer has text', () => {
    expect(mergeOverlay({ systemPrompt: ' ' }, {}).systemPrompt).toBeUndefined();
    expect(foldOverlays([])).toEqual({});
  });
});

describe('mergeOverlay: capabilities', () => {
  it('replaces a capability with the same id in place and appends new ones', () => {
    const merged = mergeOverlay(
      { capabilities: [{ id: 'a', config: 1 }, { id: 'b' }] },
      { capabilities: [{ id: 'c' }, { id: 'a', config: 2 }] },
    );
    expect(merged.capabilities).toEqual([{ id: 'a', config: 2 }, { id: 'b' }, { id: 'c' }]);
  });
});

describe('mergeOverlay: initial files', () => {
  it('replaces by normalised path, so /workspace/a.txt and /a.txt collide', () => {
    const merged = mergeOverlay(
      { initialFiles: [file('/workspace/a.txt', 'old'), file('b.txt', 'b')] },
      { initialFiles: [file('/a.txt', 'new'), file('/workspaces/a.txt', 'other')] },
    );
    expect(merged.initialFiles?.map((f) => [f.path, f.content])).toEqual([
      ['/a.txt', 'new'],
      ['b.txt', 'b'],
      ['/workspaces/a.txt', 'other'],
    ]);
  });

  it('normalises paths only on a /workspace segment', () => {
    expect(normaliseInitialFilePath('/workspace')).toBe('/');
    expect(normaliseInitialFilePath('/workspace/x/y')).toBe('/x/y');
    expect(normaliseInitialFilePath('/workspaces/x')).toBe('/workspaces/x');
    expect(normaliseInitialFilePath('x')).toBe('/x');
  });
});

describe('mergeOverlay: network access', () => {
  it('intersects allowed lists: an overlay can only narrow', () => {
    const merged = mergeNetworkAccess({ allowed: ['a.test', 'b.test'], blocked: [] }, { allowed: ['b.test', 'c.test'], blocked: [] });
    expect(merged).toEqual({ allowed: ['b.test'], blocked: [] });
  });

  it('keeps a narrower pattern a wildcard covers', () => {
    const merged = mergeNetworkAccess({ allowed: ['*.example.com'], blocked: [] }, { allowed: ['api.example.com', 'other.test'], blocked: [] });
    expect(merged?.allowed).toEqual(['api.example.com']);
  });

  it('treats an empty allowed list as open', () => {
    expect(mergeNetworkAccess({ allowed: [], blocked: [] }, { allowed: ['x.test'], blocked: [] })?.allowed).toEqual(['x.test']);
    expect(mergeNetworkAccess({ allowed: ['x.test'], blocked: [] }, { allowed: [], blocked: [] })?.allowed).toEqual(['x.test']);
  });

  it('gives the <none> sentinel for disjoint allowed lists, and keeps it when narrowing further', () => {
    const none = mergeNetworkAccess({ allowed: ['a.test'], blocked: [] }, { allowed: ['b.test'], blocked: [] });
    expect(none?.allowed).toEqual([NETWORK_NONE]);
    expect(mergeNetworkAccess(none, { allowed: ['a.test'], blocked: [] })?.allowed).toEqual([NETWORK_NONE]);
  });

  it('unions and de-duplicates blocked lists', () => {
    const merged = mergeNetworkAccess({ allowed: [], blocked: ['a.test', 'b.test'] }, { allowed: [], blocked: ['B.test', 'c.test'] });
    expect(merged?.blocked).toEqual(['a.test', 'b.test', 'c.test']);
  });

  it('keeps one side when the other has no list', () => {
    const list = { allowed: ['a.test'], blocked: ['b.test'] };
    expect(mergeOverlay({ networkAccess: list }, {}).networkAccess).toEqual(list);
    expect(mergeOverlay({}, { networkAccess: list }).networkAccess).toEqual(list);
    expect(mergeOverlay({}, {}).networkAccess).toBeUndefined();
  });
});

describe('mergeOverlay: scalars and tools', () => {
  it('lets the overlay win for scalars only when set', () => {
    const m1 = ModelId.fromSeed(1);
    const m2 = ModelId.fromSeed(2);
    const base: AgentConfigOverlay = { defaultModelId: m1, maxIterations: 5, parallelToolCalls: true };
    expect(mergeOverlay(base, {})).toEqual(base);
    expect(mergeOverlay(base, { defaultModelId: m2, maxIterations: 9, parallelToolCalls: false })).toEqual({
      defaultModelId: m2,
      maxIterations: 9,
      parallelToolCalls: false,
    });
  });

  it('appends tools; dedupeTools keeps the last definition at the first position', () => {
    const merged = mergeOverlay({ tools: [tool('a', 'a1'), tool('b', 'b1')] }, { tools: [tool('a', 'a2')] });
    expect(merged.tools?.map((t) => t.description)).toEqual(['a1', 'b1', 'a2']);
    expect(dedupeTools(merged.tools ?? []).map((t) => [t.name, t.description])).toEqual([
      ['a', 'a2'],
      ['b', 'b1'],
    ]);
  });

  it('does not mutate its inputs', () => {
    const base: AgentConfigOverlay = { capabilities: [{ id: 'a' }], tools: [tool('a', 'x')] };
    const snapshot = structuredClone(base);
    mergeOverlay(base, { capabilities: [{ id: 'a', config: 1 }], tools: [tool('b', 'y')] });
    expect(base).toEqual(snapshot);
  });
});

describe('entity layers', () => {
  it('takes no tools or iteration cap from a harness', () => {
    const harness = HarnessBuilder.create('h', 'H').capability('c').build();
    const layer = harnessOverlay(harness);
    expect(layer.tools).toBeUndefined();
    expect(layer.maxIterations).toBeUndefined();
    expect(layer).toMatchObject({ systemPrompt: 'H', capabilities: [{ id: 'c' }] });
  });

  it('folds harness chain, agent then session, with the session model as default', () => {
    const root = HarnessBuilder.create('root', 'Harness').defaultModel(ModelId.fromSeed(1)).networkAccess({ allowed: ['*.example.com'] }).build();
    const agent = AgentBuilder.create('a', 'Agent').maxIterations(7).tool(tool('t', 'agent tool')).build();
    const session = SessionBuilder.create(root.id)
      .systemPrompt('Session')
      .model(ModelId.fromSeed(3))
      .networkAccess({ allowed: ['api.example.com'], blocked: ['x.test'] })
      .build();
    expect(agentOverlay(agent).maxIterations).toBe(7);
    expect(sessionOverlay(session).defaultModelId).toBe(ModelId.fromSeed(3));
    const overlay = effectiveOverlay({ harnessChain: [root], agent, session });
    expect(overlay.systemPrompt).toBe('Harness\n\nAgent\n\nSession');
    expect(overlay.defaultModelId).toBe(ModelId.fromSeed(3));
    expect(overlay.maxIterations).toBe(7);
    expect(overlay.tools?.map((t) => t.name)).toEqual(['t']);
    expect(overlay.networkAccess).toEqual({ allowed: ['api.example.com'], blocked: ['x.test'] });
  });
});

describe('mergeHarnessChain', () => {
  it('joins prompts root to leaf and takes metadata from the leaf', () => {
    const root = HarnessBuilder.create('root', 'Root').id(HarnessId.fromSeed(1)).capability('fs', { a: 1 }).defaultModel(ModelId.fromSeed(1)).build();
    const middle = HarnessBuilder.create('middle', 'Middle').id(HarnessId.fromSeed(2)).parent(root.id).capability('time').build();
    const leaf = HarnessBuilder.create('leaf', 'Leaf')
      .id(HarnessId.fromSeed(3))
      .parent(middle.id)
      .displayName('The leaf')
      .capability('fs', { a: 2 })
      .build();
    const merged = mergeHarnessChain([root, middle, leaf]);
    expect(merged.systemPrompt).toBe('Root\n\nMiddle\n\nLeaf');
    expect(merged.id).toBe(leaf.id);
    expect(merged.name).toBe('leaf');
    expect(merged.displayName).toBe('The leaf');
    expect(merged.parentHarnessId).toBe(middle.id);
    expect(merged.capabilities).toEqual([{ id: 'fs', config: { a: 2 } }, { id: 'time' }]);
    expect(merged.defaultModelId).toBe(ModelId.fromSeed(1));
  });

  it('refuses an empty chain as not found', () => {
    expect(() => mergeHarnessChain([])).toThrow(NotFoundError);
  });
});
