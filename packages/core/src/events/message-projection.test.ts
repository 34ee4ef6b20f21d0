import { describe, expect, it } from 'vitest';
import { EventId, HarnessId, MessageId, SessionId, TurnId } from '../ids/index.js';
import type { ContentPart } from '../messages/content-part.js';
import { buildLlmConversation } from '../messages/conversation.js';
import { Messages } from '../messages/message.js';
import type { Event } from './event.js';
import { messageFromEvent, messagesFromEvents } from './message-projection.js';

const sessionId = SessionId.fromSeed(1);
const ts = '2026-01-01T00:00:00.000Z';
let sequence = 0;

function toolCompleted(result: ContentPart[] | undefined, extra: { error?: string } = {}): Event<'tool.completed'> {
  sequence++;
  return {
    id: EventId.fromSeed(sequence),
    type: 'tool.completed',
    ts,
    sessionId,
    sequence,
    context: { turnId: TurnId.fromSeed(1) },
    data: {
      toolCallId: 'call_1',
      toolName: 'get_weather',
      success: extra.error === undefined,
      status: extra.error === undefined ? 'success' : 'error',
      ...(result ? { result } : {}),
      ...extra,
    },
  };
}

const text = (value: string): ContentPart => ({ type: 'text', text: value });

describe('messageFromEvent: tool.completed', () => {
  it('stores a single JSON text as the JSON value, so the model sees it once', () => {
    const message = messageFromEvent(toolCompleted([text('{"tempC":21}')]));
    expect(message?.role).toBe('tool_result');
    expect(message?.content).toEqual([{ type: 'tool_result', toolCallId: 'call_1', result: { tempC: 21 } }]);
    const [llm] = buildLlmConversation([message!]);
    expect(llm).toEqual({ role: 'tool', toolCallId: 'call_1', content: '{"tempC":21}' });
  });

  it('stores non-JSON text as a string', () => {
    const message = messageFromEvent(toolCompleted([text('sunny, 21C')]));
    expect(message?.content[0]).toMatchObject({ type: 'tool_result', result: 'sunny, 21C' });
  });

  it('stores several texts as an array and no text as null', () => {
    expect(messageFromEvent(toolCompleted([text('1'), text('two')]))?.content[0]).toMatchObject({ result: [1, 'two'] });
    expect(messageFromEvent(toolCompleted(undefined))?.content[0]).toMatchObject({ result: null });
  });

  it('keeps the error of a failed tool', () => {
    const message = messageFromEvent(toolCompleted(undefined, { error: 'city not found' }));
    expect(message?.content[0]).toMatchObject({ type: 'tool_result', toolCallId: 'call_1', error: 'city not found' });
    expect(buildLlmConversation([message!])[0]?.content).toBe('Tool error: city not found');
  });

  it('appends base64 images with a media type after the tool result', () => {
    const message = messageFromEvent(
      toolCompleted([
        text('{"chart":true}'),
        { type: 'image', base64: 'iVBO', mediaType: 'image/png' },
        { type: 'image', url: 'https://img.test/skipped.png' },
      ]),
    );
    expect(message?.content).toEqual([
      { type: 'tool_result', toolCallId: 'call_1', result: { chart: true } },
      { type: 'image', base64: 'iVBO', mediaType: 'image/png' },
    ]);
    expect(buildLlmConversation([message!])[0]?.content).toEqual([
      { type: 'text', text: '{"chart":true}' },
      { type: 'image', url: 'data:image/png;base64,iVBO' },
    ]);
  });

  it('derives a stable message id and the event time', () => {
    const event = toolCompleted([text('1')]);
    const first = messageFromEvent(event);
    expect(first?.id).toBe(messageFromEvent(event)?.id);
    expect(MessageId.is(first?.id)).toBe(true);
    expect(first?.createdAt).toBe(ts);
  });
});

describe('messagesFromEvents', () => {
  it('rebuilds user, agent and tool_result messages and skips other events', () => {
    const user = Messages.user('weather?');
    const agent = Messages.agentWithTools('', [{ id: 'call_1', name: 'get_weather', arguments: {} }]);
    const base = { ts, sessionId, context: {} };
    const events: Event[] = [
      { ...base, id: EventId.fromSeed(100), sequence: 1, type: 'input.message', data: { message: user } },
      { ...base, id: EventId.fromSeed(101), sequence: 2, type: 'reason.started', data: { harnessId: HarnessId.fromSeed(1) } },
      { ...base, id: EventId.fromSeed(102), sequence: 3, type: 'output.message.completed', data: { message: agent } },
      toolCompleted([text('{"ok":1}')]),
    ];
    const messages = messagesFromEvents(events);
    expect(messages.map((m) => m.role)).toEqual(['user', 'agent', 'tool_result']);
    expect(messages[0]).toBe(user);
    expect(messages[1]).toBe(agent);
  });
});
