import type { Event } from '../events/event.js';
import type { MessageId, TurnId } from '../ids/index.js';
import type { ToolCall } from '../messages/content-part.js';
import { messageText } from '../messages/message.js';
import { initialTurnState, onActCompleted, onCancelled, onInputCompleted, onReasonCompleted, type TurnState } from './turn-state.js';

/** Where an interrupted turn stands, rebuilt from its durable events. */
export interface TurnReplay {
  turnId: TurnId;
  inputMessageId: MessageId;
  state: TurnState;
  /** The tool calls of the last reason step (what act runs or ran). */
  pendingToolCalls: ToolCall[];
  /** Tool calls with a durable `tool.completed` in the current act step. */
  completedToolCallIds: Set<string>;
  /** Tool calls with a durable `tool.started` but no `tool.completed` (interrupted mid-execution). */
  interruptedToolCallIds: Set<string>;
  /** True when the current act step's `act.started` is already recorded. */
  actStarted: boolean;
  finalMessageId?: MessageId;
  /** The terminal event, when the turn already ended. */
  terminal?: Event<'turn.completed'> | Event<'turn.failed'> | Event<'turn.cancelled'>;
}

/**
 * Rebuilds a turn's state machine from its durable events (those whose
 * context names the turn), so a turn interrupted by a crash can resume from
 * its last completed atom. Pure: no I/O.
 */
export function replayTurn(events: readonly Event[], maxIterations: number): TurnReplay | undefined {
  const started = events.find((e): e is Event<'turn.started'> => e.type === 'turn.started');
  if (!started) return undefined;
  const replay: TurnReplay = {
    turnId: started.data.turnId,
    inputMessageId: started.data.inputMessageId,
    state: onInputCompleted(initialTurnState(maxIterations)),
    pendingToolCalls: [],
    completedToolCallIds: new Set(),
    interruptedToolCallIds: new Set(),
    actStarted: false,
  };
  let reasonText = '';
  let reasonCalls: ToolCall[] = [];
  let responseId: string | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'llm.generation':
        responseId = event.data.metadata.responseId;
        break;
      case 'output.message.completed': {
        const message = event.data.message;
        reasonText = messageText(message);
        reasonCalls = message.content.flatMap((p) => (p.type === 'tool_call' ? [{ id: p.id, name: p.name, arguments: p.arguments }] : []));
        if (!event.data.errorCode && message.metadata?.userFacingError !== true) replay.finalMessageId = message.id;
        break;
      }
      case 'reason.completed':
        replay.state = onReasonCompleted(replay.state, {
          success: event.data.success,
          text: event.data.success ? reasonText : '',
          toolCallCount: event.data.toolCallCount,
          ...(event.data.error === undefined ? {} : { error: event.data.error }),
          ...(event.data.usage === undefined ? {} : { usage: event.data.usage }),
          ...(responseId === undefined ? {} : { responseId }),
        });
        replay.pendingToolCalls = reasonCalls;
        replay.completedToolCallIds = new Set();
        replay.interruptedToolCallIds = new Set();
        replay.actStarted = false;
        reasonText = '';
        reasonCalls = [];
        responseId = undefined;
        break;
      case 'act.started':
        replay.actStarted = true;
        break;
      case 'tool.started':
        replay.interruptedToolCallIds.add(event.data.toolCall.id);
        break;
      case 'tool.completed':
        replay.interruptedToolCallIds.delete(event.data.toolCallId);
        replay.completedToolCallIds.add(event.data.toolCallId);
        break;
      case 'act.completed':
        replay.state = event.data.completed ? onActCompleted(replay.state) : onCancelled(replay.state);
        replay.actStarted = false;
        break;
      case 'turn.completed':
      case 'turn.failed':
      case 'turn.cancelled':
        replay.terminal = event as TurnReplay['terminal'];
        break;
      default:
        break;
    }
  }
  return replay;
}
