import type { CapabilityRegistry } from '../capabilities/capability-registry.js';
import type { DriverRegistry } from '../driver/driver-registry.js';
import { type Session, Session as SessionSchema, type SessionInput } from '../domain/session.js';
import { CancelledError, NotFoundError, ValidationError } from '../errors.js';
import { validationErrorFrom } from '../validation.js';
import type { Event } from '../events/event.js';
import type { SessionFile, SessionFileSystem } from '../files/session-file-system.js';
import { IN_PROCESS_ORG_ID, MessageId, SessionId } from '../ids/index.js';
import { type InputMessage, type InputMessageInput, type Message, messageText, toInputMessage } from '../messages/message.js';
import { NEVER_ABORTED } from '../atoms/work-signal.js';
import { replayTurn, type TurnReplay } from '../turn/turn-replay.js';
import type { TurnResult } from '../turn/turn-result.js';
import { stopReasonOf, turnOutcome } from '../turn/turn-state.js';
import { AsyncQueue } from './async-queue.js';
import type { RuntimeBackends } from './backends.js';
import { ConversationCache } from './conversation-cache.js';
import type { RuntimeLogger, RuntimeOptions } from './runtime-options.js';
import { seedSessionFiles } from './seed-files.js';
import { SessionEventWriter } from './session-event-writer.js';
import { SessionQueue } from './session-queue.js';
import { type AssembledTurnContext, AssemblyCache, assembleTurnContext } from './turn-context.js';
import { RuntimeBuilder } from './runtime-builder.js';
import { runTurnLoop } from './turn-runner.js';
import { withTimestamps } from './with-timestamps.js';

/** Per-turn options. */
export interface TurnOptions {
  /** Cancels the turn: it ends with `turn.cancelled`, and pending tool calls get error results. */
  signal?: AbortSignal;
  /** Overrides the runtime's `ifBusy` for this turn. */
  ifBusy?: 'queue' | 'error';
  /**
   * Makes the call idempotent (e.g. a queue retrying a job): when the session
   * already has an input message with this id, no new turn starts — a
   * finished turn's result is returned, an interrupted one is resumed.
   */
  inputMessageId?: MessageId | string;
}

/** A running turn: iterate its events live (deltas included); `result` settles when it ends. */
export interface TurnStream extends AsyncIterable<Event> {
  readonly result: Promise<TurnResult>;
}

/** What the runtime is built from (see `RuntimeBuilder`). */
export interface RuntimeConfig {
  backends: RuntimeBackends;
  files: SessionFileSystem;
  drivers: DriverRegistry;
  capabilities: CapabilityRegistry;
  options: RuntimeOptions;
  logger: RuntimeLogger;
  defaultSessionId?: SessionId;
}

/**
 * The agent runtime: runs turns (input → reason → act …) on a session with
 * the configured backends, one turn per session at a time.
 *
 * Build one with `Runtime.builder()` (see `RuntimeBuilder`).
 */
export class Runtime {
  readonly #config: RuntimeConfig;
  readonly #queue = new SessionQueue();
  readonly #conversations: ConversationCache;
  readonly #assemblies = new AssemblyCache();

  /** Starts building a runtime. */
  static builder(): RuntimeBuilder {
    return new RuntimeBuilder();
  }

  constructor(config: RuntimeConfig) {
    this.#config = config;
    this.#conversations = new ConversationCache(config.backends.history);
  }

  /** The session created by `singleSession(...)`, if any. */
  get defaultSessionId(): SessionId | undefined {
    return this.#config.defaultSessionId;
  }

  /** The backends this runtime uses. */
  get backends(): RuntimeBackends {
    return this.#config.backends;
  }

  /** The session file system this runtime uses. */
  get files(): SessionFileSystem {
    return this.#config.files;
  }

  /** The capability registry (register more capabilities at any time). */
  get capabilities(): CapabilityRegistry {
    return this.#config.capabilities;
  }

  /**
   * Runs one turn to its end and returns its result. Turns on one session are
   * serialised: by default a second call waits for the first (FIFO); with
   * `ifBusy: 'error'` it fails with `SessionBusyError`. Failures of the model
   * or of tools end the turn (`success: false` / error tool results); storage
   * failures throw, leaving the stored history as it was before the failed
   * atom.
   */
  async runTurn(sessionId: SessionId | string, input: string | InputMessageInput, options: TurnOptions = {}): Promise<TurnResult> {
    return this.#executeTurn(sessionId, input, options);
  }

  /**
   * Continues the session's last turn if it was interrupted (its process died
   * between atoms): the turn state is rebuilt from the event log and the turn
   * goes on from its last completed atom. Returns `undefined` when the last
   * turn finished (or there is none).
   */
  async resumeTurn(sessionId: SessionId | string, options: Omit<TurnOptions, 'inputMessageId'> = {}): Promise<TurnResult | undefined> {
    return this.#executeTurn(sessionId, undefined, options);
  }

  /** `runTurn` with a plain text user message. */
  runTextTurn(sessionId: SessionId | string, text: string, options: TurnOptions = {}): Promise<TurnResult> {
    return this.#executeTurn(sessionId, text, options);
  }

  /**
   * Runs a turn and streams its events as they happen, including the live
   * `output.message.delta` events.
   *
   * @example
   * const turn = runtime.streamTurn(sessionId, 'What is 6 * 7?');
   * for await (const event of turn) if (event.type === 'output.message.delta') process.stdout.write(event.data.delta);
   * const result = await turn.result;
   */
  streamTurn(sessionId: SessionId | string, input: string | InputMessageInput, options: TurnOptions = {}): TurnStream {
    const queue = new AsyncQueue<Event>();
    const result = this.#executeTurn(sessionId, input, options, (event) => queue.push(event));
    result.then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    // The caller may only iterate; the rejection is delivered through the iterator then.
    result.catch(() => {});
    return { result, [Symbol.asyncIterator]: () => queue };
  }

  /** The session's stored messages, oldest first. */
  async messages(sessionId: SessionId | string): Promise<Message[]> {
    return this.#config.backends.history.messages(parseSessionId(sessionId));
  }

  /** Reads a file of the session's workspace (`/workspace/a.txt` and `/a.txt` are the same file). */
  async readFile(sessionId: SessionId | string, path: string): Promise<SessionFile | undefined> {
    return this.#config.files.read(parseSessionId(sessionId), path);
  }

  /** What a reason step would use now: prompt, tools, model, history. Emits nothing. */
  async loadContext(sessionId: SessionId | string): Promise<AssembledTurnContext> {
    const { executableTools: _tools, ...context } = await assembleTurnContext(parseSessionId(sessionId), {
      backends: this.#config.backends,
      capabilities: this.#config.capabilities,
      defaultMaxIterations: this.#config.options.maxIterations,
    });
    return context;
  }

  /** The session's durable events with `sequence > after`, in order. */
  async events(sessionId: SessionId | string, options: { after?: number; limit?: number } = {}): Promise<Event[]> {
    return this.#config.backends.history.readEvents(parseSessionId(sessionId), options);
  }

  /**
   * Follows a session: every durable event after the cursor (read from the
   * history), then live events from the bus (deltas included), each durable
   * event exactly once and in order. Ends when `signal` aborts.
   */
  async *subscribe(sessionId: SessionId | string, options: { after?: number; signal?: AbortSignal } = {}): AsyncGenerator<Event> {
    const id = parseSessionId(sessionId);
    const { history, bus } = this.#config.backends;
    // Subscribe from the log's current head before reading the history: the bus then delivers everything
    // after the head (however late its subscription settles), and the history everything up to it.
    const head = await history.lastSequence(id);
    let last = options.after ?? 0;
    const live = bus.subscribe(id, { after: Math.max(last, head), ...(options.signal ? { signal: options.signal } : {}) });
    try {
      while (last < head) {
        const page = await history.readEvents(id, { after: last, limit: Math.min(1000, head - last) });
        if (page.length === 0) break;
        for (const event of page) {
          yield event;
          last = event.sequence;
        }
      }
      for await (const event of live) {
        if (event.ephemeral) {
          if (event.sequence >= last) yield event;
          continue;
        }
        if (event.sequence <= last) continue;
        last = event.sequence;
        yield event;
      }
    } finally {
      live.close();
    }
  }

  /**
   * Creates a session (validating it, checking its harness and agent exist),
   * seeds its initial files from the harness chain, agent and session, and
   * records `session.started`. (A session that already has history keeps its
   * workspace as it is.)
   */
  async createSession(input: Omit<SessionInput, 'id' | 'createdAt' | 'updatedAt'> & Partial<Pick<SessionInput, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Session> {
    const parsed = SessionSchema.safeParse(withTimestamps({ id: SessionId.generate(), ...input }));
    if (!parsed.success) throw validationErrorFrom('session', parsed.error.issues, '(root)');
    const session = parsed.data;
    await this.#installSession(session);
    return session;
  }

  /** @internal Stores a session, seeds its files and records `session.started` once. */
  async #installSession(session: Session, extraFiles: readonly { path: string; content: string }[] = []): Promise<void> {
    const { backends } = this.#config;
    // Check what the session points at before storing it, so a bad session leaves nothing behind.
    if ((await backends.harnesses.getHarnessChain(session.harnessId)).length === 0)
      throw new NotFoundError('harness', session.harnessId, `harness not found: ${session.harnessId}`);
    if (session.agentId && !(await backends.agents.getAgent(session.agentId))) throw new NotFoundError('agent', session.agentId);
    await backends.sessions.putSession(session);
    // Under the session's lease, like any other write: two processes installing one pinned session cannot both record it.
    const release = await this.#queue.acquire(session.id);
    const lease = backends.leases ? await backends.leases.acquire(session.id) : undefined;
    try {
      // Initial files are initial: a session that already has history (a restart on persistent stores) keeps its workspace.
      if ((await backends.history.lastSequence(session.id)) === 0) {
        await seedSessionFiles(backends, this.#config.files, session, extraFiles);
        const writer = this.#writer(session.id, 0, lease);
        writer.emit({
          type: 'session.started',
          data: { harnessId: session.harnessId, ...(session.agentId ? { agentId: session.agentId } : {}), ...(session.modelId ? { modelId: session.modelId } : {}) },
        });
        await writer.flush();
      }
    } finally {
      try {
        await lease?.release();
      } finally {
        release();
      }
    }
  }

  /** @internal Used by the builder. */
  installSession(session: Session, extraFiles: readonly { path: string; content: string }[]): Promise<void> {
    return this.#installSession(session, extraFiles);
  }

  /** Closes the event bus (ending subscriptions). Stores owned by the caller stay open. */
  async close(): Promise<void> {
    await this.#config.backends.bus.close();
  }

  /** The durable events of the session's last turn, when it did not finish. */
  async #lastTurnEvents(sessionId: SessionId): Promise<Event[] | undefined> {
    const all = await this.#config.backends.history.readEvents(sessionId);
    let start = -1;
    for (let i = all.length - 1; i >= 0; i--)
      if (all[i]?.type === 'turn.started') {
        start = i;
        break;
      }
    if (start < 0) return undefined;
    const turnId = (all[start] as Event<'turn.started'>).data.turnId;
    const events = all.slice(Math.max(0, start - 2)).filter((e) => e.context.turnId === turnId);
    return events.some((e) => e.type === 'turn.completed' || e.type === 'turn.failed' || e.type === 'turn.cancelled') ? undefined : events;
  }

  /** The durable events of the turn that an input message started. */
  async #turnEventsOf(sessionId: SessionId, inputMessageId: MessageId): Promise<Event[]> {
    const all = await this.#config.backends.history.readEvents(sessionId);
    return all.filter((e) => e.context.inputMessageId === inputMessageId);
  }

  #writer(sessionId: SessionId, lastSequence: number, fence?: { sessionId: SessionId; token: number }) {
    const { backends, options, logger } = this.#config;
    return new SessionEventWriter(sessionId, lastSequence, {
      history: backends.history,
      bus: backends.bus,
      fence,
      validate: options.validateEvents,
      logger,
      onCommitted: (batch) => this.#conversations.apply(sessionId, batch),
    });
  }

  async #executeTurn(
    rawSessionId: SessionId | string,
    rawInput: string | InputMessageInput,
    options: TurnOptions,
    listener?: (event: Event) => void,
  ): Promise<TurnResult>;
  async #executeTurn(rawSessionId: SessionId | string, rawInput: undefined, options: TurnOptions, listener?: (event: Event) => void): Promise<TurnResult | undefined>;
  async #executeTurn(
    rawSessionId: SessionId | string,
    rawInput: string | InputMessageInput | undefined,
    options: TurnOptions,
    listener?: (event: Event) => void,
  ): Promise<TurnResult | undefined> {
    const sessionId = parseSessionId(rawSessionId);
    const resumeOnly = rawInput === undefined;
    let input = resumeOnly ? undefined : parseInput(rawInput);
    const inputMessageId = options.inputMessageId === undefined ? undefined : MessageId.parse(options.inputMessageId);
    const signal = options.signal ?? NEVER_ABORTED;
    const { backends, options: runtimeOptions } = this.#config;
    const release = await this.#queue.acquire(sessionId, { signal, ifBusy: options.ifBusy ?? runtimeOptions.ifBusy });
    let lease: Awaited<ReturnType<NonNullable<RuntimeBackends['leases']>['acquire']>> | undefined;
    // A new turn marks the session active as it starts, and that write hands back the session the turn is
    // assembled from (one store call instead of a read plus a write). Until the turn loop takes over, a
    // failure puts it back to idle (as a failed turn would). Resumed and retried turns read it and leave the status to the loop.
    const activateNow = !resumeOnly && inputMessageId === undefined;
    let revertToIdle = false;
    try {
      lease = backends.leases ? await backends.leases.acquire(sessionId, { signal }) : undefined;
      const session = activateNow ? await backends.sessions.updateSessionStatus(sessionId, 'active') : await backends.sessions.getSession(sessionId);
      if (!session) throw new NotFoundError('session', sessionId);
      revertToIdle = activateNow;
      const lastSequence = lease?.lastSequence ?? (await backends.history.lastSequence(sessionId));
      const conversation = await this.#conversations.load(sessionId, lastSequence);
      const { messages } = conversation;
      // A retried or resumed turn: rebuild where it stands from the log.
      let replayEvents: Event[] | undefined;
      if (resumeOnly) replayEvents = await this.#lastTurnEvents(sessionId);
      else if (inputMessageId && messages.some((m) => m.id === inputMessageId)) replayEvents = await this.#turnEventsOf(sessionId, inputMessageId);
      if (resumeOnly && !replayEvents) return undefined;
      if (replayEvents && !input) input = inputOfTurn(replayEvents);
      if (!input) return undefined;
      // Assemble with the new user message's controls in view (model, locale), before anything is recorded:
      // a configuration error then loses nothing. (No copy of the history: it is passed as it is.)
      const pending: Message = { id: 'message_00000000000000000000000000000000' as Message['id'], role: 'user', content: input.content, createdAt: '' };
      if (input.controls) pending.controls = input.controls;
      const turn = await assembleTurnContext(sessionId, {
        backends,
        capabilities: this.#config.capabilities,
        defaultMaxIterations: runtimeOptions.maxIterations,
        messages,
        ...(replayEvents ? {} : { pendingInput: pending }),
        session,
        cache: this.#assemblies,
      });
      let resume: TurnReplay | undefined;
      if (replayEvents) {
        resume = replayTurn(replayEvents, turn.runtimeAgent.maxIterations);
        if (!resume || resume.terminal) return resume ? resultOfFinishedTurn(sessionId, resume, messages) : undefined;
      }
      const driver = this.#config.drivers.create(turn.model);
      signal.throwIfAborted();
      const writer = this.#writer(sessionId, lastSequence, lease);
      if (listener) writer.listen(listener);
      // From here the loop owns the session's status.
      revertToIdle = false;
      return await runTurnLoop(
        sessionId,
        input,
        {
          backends,
          options: runtimeOptions,
          logger: this.#config.logger,
          writer,
          turn,
          driver,
          services: { files: this.#config.files, storage: backends.storage, memory: backends.memory, memoryScope: IN_PROCESS_ORG_ID },
          messages,
          llm: conversation.llm,
          signal,
        },
        { inputMessageId, resume, sessionActivated: activateNow },
      );
    } catch (error) {
      if (revertToIdle) await backends.sessions.updateSessionStatus(sessionId, 'idle').catch(() => {});
      if (signal.aborted && error instanceof DOMException) throw new CancelledError('turn cancelled before it started', { cause: error });
      throw error;
    } finally {
      try {
        await lease?.release();
      } finally {
        release();
      }
    }
  }
}


function parseSessionId(value: SessionId | string): SessionId {
  return SessionId.parse(value);
}

function parseInput(input: string | InputMessageInput): InputMessage {
  if (typeof input === 'string') {
    if (input.length === 0) throw new ValidationError('a text turn needs non-empty text');
    return toInputMessage(input);
  }
  try {
    return toInputMessage(input);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    throw validationErrorFrom('input message', issues, '(root)');
  }
}


/** The user input of a recorded turn (its `input.message`). */
function inputOfTurn(events: readonly Event[]): InputMessage | undefined {
  const event = events.find((e): e is Event<'input.message'> => e.type === 'input.message');
  if (!event) return undefined;
  const { message } = event.data;
  const input: InputMessage = { role: 'user', content: message.content };
  if (message.controls) input.controls = message.controls;
  if (message.metadata) input.metadata = message.metadata;
  return input;
}

/** The result of a turn that already ended, rebuilt from its events (for idempotent retries). */
function resultOfFinishedTurn(sessionId: SessionId, replay: TurnReplay, messages: readonly Message[]): TurnResult {
  const terminal = replay.terminal as NonNullable<TurnReplay['terminal']>;
  const base = { turnId: replay.turnId, sessionId, durationMs: 0 };
  if (terminal.type === 'turn.completed') {
    const final = terminal.data.finalMessageId ? messages.find((m) => m.id === terminal.data.finalMessageId) : undefined;
    const result: TurnResult = {
      ...base,
      response: final ? messageText(final) : (terminal.data.finalAnswerPreview ?? ''),
      iterations: terminal.data.iterations,
      toolCallCount: terminal.data.toolCallCount,
      success: true,
      stopReason: terminal.data.stopReason,
      durationMs: terminal.data.durationMs ?? 0,
    };
    if (terminal.data.usage) result.usage = terminal.data.usage;
    if (terminal.data.finalMessageId) result.finalMessageId = terminal.data.finalMessageId;
    return result;
  }
  const outcome = replay.state.phase === 'completed' ? turnOutcome(replay.state) : undefined;
  const result: TurnResult = {
    ...base,
    response: '',
    iterations: replay.state.iteration,
    toolCallCount: terminal.type === 'turn.cancelled' ? replay.state.toolCallCount : 0,
    success: false,
    stopReason: terminal.type === 'turn.cancelled' ? 'cancelled' : outcome ? stopReasonOf(outcome) : 'error',
  };
  if (terminal.type === 'turn.failed') {
    result.error = terminal.data.error;
    if (terminal.data.errorCode) result.errorCode = terminal.data.errorCode;
  } else {
    result.error = terminal.data.reason ?? 'cancelled';
    result.errorCode = 'cancelled';
  }
  if (terminal.data.usage) result.usage = terminal.data.usage;
  return result;
}
