import { describe, expect, it } from 'vitest';
import { MessageId } from '../ids/index.js';
import type { ImagePart } from './content-part.js';
import { buildLlmConversation, DANGLING_TOOL_CALL_ERROR, isErrorPlaceholder } from './conversation.js';
import { type Message, Messages } from './message.js';

const at = '2026-01-01T00:00:00.000Z';
let seed = 1;
function message(fields: Omit<Message, 'id' | 'createdAt'>): Message {
  return { id: MessageId.fromSeed(seed++), createdAt: at, ...fields };
}

describe('buildLlmConversation: conversion', () => {
  it('puts a non-blank system prompt first and maps roles', () => {
    const out = buildLlmConversation(
      [
        message({ role: 'system', content: [{ type: 'text', text: 'sys' }] }),
        Messages.user('hi'),
        Messages.agent('hello'),
      ],
      { systemPrompt: 'Be brief.' },
    );
    expect(out).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
    expect(buildLlmConversation([Messages.user('x')], { systemPrompt: '  ' })).toEqual([{ role: 'user', content: 'x' }]);
  });

  it('moves tool calls to toolCalls and gives tool results their JSON once', () => {
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
    const out = buildLlmConversation([
      Messages.agentWithTools('', [call]),
      Messages.toolResult('call_1', { tempC: 21, sky: 'clear' }),
    ]);
    expect(out).toEqual([
      { role: 'assistant', content: '', toolCalls: [call] },
      { role: 'tool', toolCallId: 'call_1', content: '{"tempC":21,"sky":"clear"}' },
    ]);
  });

  it('renders tool errors, empty results and plain-string results', () => {
    const calls = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: 't', arguments: {} }));
    const out = buildLlmConversation([
      Messages.agentWithTools('working', calls),
      Messages.toolResult('a', undefined, 'boom'),
      Messages.toolResult('b', null),
      Messages.toolResult('c', 'plain text'),
      Messages.toolResult('d', [1, 2]),
    ]);
    expect(out.slice(1).map((m) => m.content)).toEqual(['Tool error: boom', '{}', '"plain text"', '[1,2]']);
    expect(out[0]).toMatchObject({ role: 'assistant', content: 'working' });
  });

  it('cuts very long tool results when a limit is set', () => {
    const out = buildLlmConversation([Messages.agentWithTools('', [{ id: 'a', name: 't', arguments: {} }]), Messages.toolResult('a', 'x'.repeat(50))], {
      maxToolResultChars: 10,
    });
    expect(out[1]?.content).toBe(`"xxxxxxxxx\n[truncated 42 characters]`);
  });

  it('turns images into URLs, base64 into data URLs, and unresolved image files into text', () => {
    const stored: ImagePart = { type: 'image', base64: 'QUJD', mediaType: 'image/jpeg' };
    const out = buildLlmConversation(
      [
        message({
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image', url: 'https://img.test/a.png' },
            { type: 'image', base64: 'AAAA', mediaType: 'image/png' },
            { type: 'image_file', imageId: 'img_known' },
            { type: 'image_file', imageId: 'img_missing' },
          ],
        }),
      ],
      { resolveImage: (id) => (id === 'img_known' ? stored : undefined) },
    );
    expect(out[0]?.content).toEqual([
      { type: 'text', text: 'look' },
      { type: 'image', url: 'https://img.test/a.png' },
      { type: 'image', url: 'data:image/png;base64,AAAA' },
      { type: 'image', url: 'data:image/jpeg;base64,QUJD' },
      { type: 'text', text: '[Image not found: img_missing]' },
    ]);
  });

  it('reports an image file as not found when there is no resolver', () => {
    const out = buildLlmConversation([message({ role: 'user', content: [{ type: 'image_file', imageId: 'img_1' }] })]);
    expect(out[0]?.content).toBe('[Image not found: img_1]');
  });

  it('keeps phase and thinking on assistant messages', () => {
    const out = buildLlmConversation([
      message({ role: 'agent', content: [{ type: 'text', text: 'done' }], phase: 'final_answer', thinking: 'hmm', thinkingSignature: 'sig' }),
    ]);
    expect(out[0]).toEqual({ role: 'assistant', content: 'done', phase: 'final_answer', thinking: 'hmm', thinkingSignature: 'sig' });
  });

  it('does not mutate the stored messages', () => {
    const messages = [message({ role: 'user', content: [{ type: 'text', text: 'hi' }], externalActor: 'Bot' })];
    const snapshot = structuredClone(messages);
    buildLlmConversation(messages);
    expect(messages).toEqual(snapshot);
  });
});

describe('buildLlmConversation: history clean-up', () => {
  it('inserts a cancelled result right after an agent message whose tool call never got one', () => {
    const out = buildLlmConversation([
      Messages.user('q1'),
      Messages.agentWithTools('', [
        { id: 'done', name: 't', arguments: {} },
        { id: 'lost', name: 't', arguments: {} },
      ]),
      Messages.toolResult('done', { ok: true }),
      Messages.user('q2'),
    ]);
    expect(out.map((m) => [m.role, m.toolCallId, m.content])).toEqual([
      ['user', undefined, 'q1'],
      ['assistant', undefined, ''],
      ['tool', 'lost', `Tool error: ${DANGLING_TOOL_CALL_ERROR}`],
      ['tool', 'done', '{"ok":true}'],
      ['user', undefined, 'q2'],
    ]);
  });

  it('does not patch a call whose result comes later', () => {
    const out = buildLlmConversation([Messages.agentWithTools('', [{ id: 'a', name: 't', arguments: {} }]), Messages.toolResult('a', 1)]);
    expect(out).toHaveLength(2);
  });

  it('drops agent error placeholders', () => {
    const failed = message({ role: 'agent', content: [{ type: 'text', text: 'Something went wrong' }], metadata: { errorCode: 'llm_error' } });
    const userFacing = message({ role: 'agent', content: [{ type: 'text', text: 'Sorry' }], metadata: { userFacingError: true } });
    const normal = message({ role: 'agent', content: [{ type: 'text', text: 'ok' }], metadata: { model: 'm', userFacingError: false } });
    expect([failed, userFacing, normal].map(isErrorPlaceholder)).toEqual([true, true, false]);
    const out = buildLlmConversation([Messages.user('q'), failed, userFacing, normal]);
    expect(out.map((m) => m.content)).toEqual(['q', 'ok']);
  });

  it('does not patch tool calls of a dropped placeholder', () => {
    const failed = message({
      role: 'agent',
      content: [{ type: 'tool_call', id: 'x', name: 't', arguments: {} }],
      metadata: { errorCode: 'timeout' },
    });
    expect(buildLlmConversation([failed])).toEqual([]);
  });

  it('prefixes external actors with their label', () => {
    const out = buildLlmConversation([
      message({ role: 'user', content: [{ type: 'text', text: 'deploy done' }], externalActor: 'CI Bot' }),
      message({ role: 'user', content: [{ type: 'image', url: 'https://img.test/x.png' }], externalActor: 'Cam' }),
    ]);
    expect(out[0]?.content).toBe('[CI Bot] deploy done');
    expect(out[1]?.content).toEqual([
      { type: 'text', text: '[Cam]' },
      { type: 'image', url: 'https://img.test/x.png' },
    ]);
  });

  it('handles a long history in one pass', () => {
    const history: Message[] = [];
    for (let i = 0; i < 1_000; i++) {
      history.push(Messages.user(`q${i}`), Messages.agentWithTools('', [{ id: `c${i}`, name: 't', arguments: {} }]), Messages.toolResult(`c${i}`, i));
    }
    const out = buildLlmConversation(history, { systemPrompt: 'S' });
    expect(out).toHaveLength(3_001);
    expect(out.at(-1)).toEqual({ role: 'tool', toolCallId: 'c999', content: '999' });
  });
});
