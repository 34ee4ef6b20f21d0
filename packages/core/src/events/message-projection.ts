import { MessageId } from '../ids/index.js';
import type { ContentPart, ToolResultImage } from '../messages/content-part.js';
import { type Message, Messages } from '../messages/message.js';
import type { Event } from './event.js';

/**
 * The message an event implies, if any: `input.message` → the user message,
 * `output.message.completed` → the agent message, `tool.completed` → a
 * tool_result message. Every store derives messages with this one function, so
 * the history is the same whichever backend holds it.
 */
export function messageFromEvent(event: Event): Message | undefined {
  switch (event.type) {
    case 'input.message':
    case 'output.message.completed':
      return event.data.message;
    case 'tool.completed':
      return toolResultMessage(event as Event<'tool.completed'>);
    default:
      return undefined;
  }
}

/**
 * Builds the tool_result message of a `tool.completed` event. Its id is derived
 * from the event id so re-deriving gives the same message. A single text part
 * holding JSON is stored as that JSON value (not as a string), so the model
 * later sees the tool's JSON once, not a string literal of it.
 */
function toolResultMessage(event: Event<'tool.completed'>): Message {
  const parts: ContentPart[] = event.data.result ?? [];
  const images: ToolResultImage[] = [];
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'image' && part.base64 && part.mediaType) images.push({ base64: part.base64, mediaType: part.mediaType });
  }
  let result: unknown = null;
  if (texts.length === 1) result = parseJsonOrText(texts[0] as string);
  else if (texts.length > 1) result = texts.map(parseJsonOrText);
  const id = MessageId.fromUuid(event.id.slice('event_'.length));
  const message =
    images.length > 0
      ? Messages.toolResultWithImages(event.data.toolCallId, result, images, id)
      : Messages.toolResult(event.data.toolCallId, result, event.data.error, id);
  message.createdAt = event.ts;
  return message;
}

function parseJsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Rebuilds a session's message list from its event log (durable events, in sequence order). */
export function messagesFromEvents(events: Iterable<Event>): Message[] {
  const out: Message[] = [];
  for (const event of events) {
    const message = messageFromEvent(event);
    if (message) out.push(message);
  }
  return out;
}
