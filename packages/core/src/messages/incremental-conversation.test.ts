import { describe, expect, it } from 'vitest';
import { buildLlmConversation } from './conversation.js';
import { IncrementalConversation } from './incremental-conversation.js';
import { type Message, Messages } from './message.js';

const call = (id: string) => ({ id, name: 'add', arguments: { a: 1, b: 2 } });

describe('IncrementalConversation', () => {
  it('equals the full conversion at every step of a growing history, including dangling calls', () => {
    const messages: Message[] = [];
    const incremental = new IncrementalConversation();
    const steps: Message[] = [
      Messages.user('hi'),
      Messages.agentWithTools('let me', [call('c1'), call('c2')]),
      Messages.toolResult('c1', { result: 3 }),
      Messages.toolResult('c2', null, 'boom'),
      Messages.agent('done'),
      Messages.user('again'),
      Messages.agentWithTools('', [call('c3')]), // left dangling (e.g. a crash)
      Messages.user('still there?'),
      { ...Messages.agent('error'), metadata: { errorCode: 'llm_other', userFacingError: true } },
      Messages.agentWithTools('x', [call('c4')]),
      Messages.toolResult('c4', { ok: true }),
    ];
    for (const step of steps) {
      messages.push(step);
      expect(incremental.build(messages, 'system prompt')).toEqual(buildLlmConversation(messages, { systemPrompt: 'system prompt' }));
    }
  });

  it('starts over on a different array and leaves out a blank system prompt', () => {
    const incremental = new IncrementalConversation();
    const a = [Messages.user('a')];
    const b = [Messages.user('b'), Messages.agent('c')];
    expect(incremental.build(a, ' ')).toEqual(buildLlmConversation(a));
    expect(incremental.build(b, '')).toEqual(buildLlmConversation(b));
  });

  it('hands out the settled messages and the system message as the same objects while they are unchanged', () => {
    const incremental = new IncrementalConversation();
    const messages: Message[] = [Messages.user('a'), Messages.agent('b')];
    const first = incremental.build(messages, 'prompt');
    messages.push(Messages.user('c'));
    const second = incremental.build(messages, 'prompt');
    expect(second.slice(0, 3).every((m, i) => m === first[i])).toBe(true);
    const changed = incremental.build(messages, 'another prompt');
    expect(changed[0]).not.toBe(first[0]);
    expect(changed[0]).toEqual({ role: 'system', content: 'another prompt' });
  });

  it('hands out one growing array while nothing is unsettled, and a fresh one with an unsettled tail', () => {
    const incremental = new IncrementalConversation();
    const messages: Message[] = [Messages.user('a')];
    const first = incremental.build(messages, 'prompt');
    messages.push(Messages.agent('b'));
    const second = incremental.build(messages, 'prompt');
    expect(second).toBe(first);
    expect(second).toEqual(buildLlmConversation(messages, { systemPrompt: 'prompt' }));
    messages.push(Messages.user('c'), Messages.agentWithTools('', [call('c9')]));
    const withTail = incremental.build(messages, 'prompt');
    expect(withTail).not.toBe(first);
    expect(withTail).toEqual(buildLlmConversation(messages, { systemPrompt: 'prompt' }));
    // The shared array never took the unsettled call.
    expect(first).toHaveLength(4);
    messages.push(Messages.toolResult('c9', { ok: 1 }));
    const settledAgain = incremental.build(messages, 'prompt');
    expect(settledAgain).toBe(first);
    expect(settledAgain).toEqual(buildLlmConversation(messages, { systemPrompt: 'prompt' }));
  });
});
