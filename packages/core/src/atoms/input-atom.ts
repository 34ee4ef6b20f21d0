import { now } from '../domain/timestamp.js';
import type { Event } from '../events/event.js';
import type { InputMessage, Message } from '../messages/message.js';
import type { AtomHost } from './atom-host.js';

/**
 * The input atom: records the user's message and opens the turn, emitting
 * `input.message` → `session.activated` → `turn.started`.
 */
export function runInputAtom(host: AtomHost, input: InputMessage): { message: Message; event: Event<'input.message'> } {
  const message: Message = {
    id: host.inputMessageId,
    role: 'user',
    content: input.content,
    createdAt: now(),
  };
  if (input.controls) message.controls = input.controls;
  if (input.metadata) message.metadata = input.metadata;
  if (input.externalActor) message.externalActor = input.externalActor;
  const context = { turnId: host.turnId, inputMessageId: host.inputMessageId, traceId: host.turnId };
  const event = host.emit(input.tags ? { type: 'input.message', context, data: { message }, tags: input.tags } : { type: 'input.message', context, data: { message } });
  host.emit({ type: 'session.activated', context, data: { turnId: host.turnId, inputMessageId: host.inputMessageId } });
  host.emit({ type: 'turn.started', context, data: { turnId: host.turnId, inputMessageId: host.inputMessageId, inputContent: input.content } });
  return { message, event };
}
