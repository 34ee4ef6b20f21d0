import {
  checkDurableBatch,
  ConflictError,
  type Event,
  type FenceToken,
  type HistoryStore,
  LeaseLostError,
  type Message,
  type MessageFilter,
  MessageId,
  messageFromEvent,
  messageText,
  type ReadEventsOptions,
  SequenceConflictError,
  SessionId,
  StorageUnavailableError,
  ValidationError,
} from '@org/core';
import { isUniqueViolation } from './pg-errors.js';
import type { PostgresContext } from './postgres-context.js';
import { requireId, requireInteger } from './validation.js';

/** Events per page when reading a long log. */
export const REPLAY_PAGE = 10_000;
/** Pages of one `readEvents` read at the same time (each on its own pooled connection). */
export const REPLAY_PARALLELISM = 3;

function parseEvents(text: string | null | undefined): Event[] {
  return text ? (JSON.parse(text) as Event[]) : [];
}

/**
 * Attempts of one append when the connection fails (a dropped or terminated
 * connection, a pool handing out a connection that died while idle). Each
 * retry waits a little longer, so the pool can drop its dead connections.
 */
const APPEND_ATTEMPTS = 3;
const APPEND_RETRY_DELAY_MS = 25;

/** Unique keys that only a lost sequence race can violate. */
const SEQUENCE_CONSTRAINTS = ['events_pkey', 'messages_pkey', 'event_heads_pkey'];

interface AppendOutcome {
  fence_ok: boolean;
  appended: boolean;
  current_last: string | null;
}

/**
 * `HistoryStore` on PostgreSQL: the event log is the source of truth.
 *
 * One `append` is **one statement** (so one round trip and one commit): it
 * checks the fence, advances the session's `event_heads.last_sequence` only
 * if it still equals `first - 1`, and inserts the events and their derived
 * messages, all in data-modifying CTEs of a single implicit transaction. The
 * database, not the process, enforces the sequence: the conditional head
 * update serialises concurrent writers (the loser re-checks the row after the
 * winner commits and matches nothing), and `PRIMARY KEY (session_id,
 * sequence)` backs it up.
 */
export class PostgresHistoryStore implements HistoryStore {
  private readonly appendFirstSql: string;
  private readonly appendNextSql: string;

  constructor(private readonly ctx: PostgresContext) {
    const q = ctx.q;
    // $1 session, $2 first sequence, $3 last sequence, $4 events (jsonb array), $5 messages (jsonb array), $6 fence token or null.
    // FOR SHARE on the lease row makes a concurrent take-over wait for this commit (and makes this write see a committed take-over).
    const prefix = `WITH fence AS (
        SELECT 1 FROM ${q}.session_leases
        WHERE $6::bigint IS NOT NULL AND session_id = $1 AND token = $6::bigint AND expires_at > now()
        FOR SHARE
      ),
      allowed AS (SELECT ($6::bigint IS NULL OR EXISTS (SELECT 1 FROM fence)) AS ok),`;
    const suffix = `,
      new_events AS (
        INSERT INTO ${q}.events (session_id, sequence, id, type, body)
        SELECT $1, (e->>'sequence')::bigint, e->>'id', e->>'type', e FROM jsonb_array_elements($4::jsonb) e
        WHERE EXISTS (SELECT 1 FROM head)
      ),
      new_messages AS (
        INSERT INTO ${q}.messages (session_id, sequence, id, search_text, body)
        SELECT $1, (m->>'sequence')::bigint, m->'body'->>'id', m->>'search', m->'body' FROM jsonb_array_elements($5::jsonb) m
        WHERE EXISTS (SELECT 1 FROM head)
      )
      SELECT (SELECT ok FROM allowed) AS fence_ok, EXISTS (SELECT 1 FROM head) AS appended,
             (SELECT last_sequence FROM ${q}.event_heads WHERE session_id = $1) AS current_last`;
    this.appendFirstSql = `${prefix}
      head AS (
        INSERT INTO ${q}.event_heads (session_id, last_sequence) SELECT $1, $3::bigint WHERE (SELECT ok FROM allowed) AND $2::bigint = 1
        ON CONFLICT (session_id) DO NOTHING RETURNING last_sequence
      )${suffix}`;
    this.appendNextSql = `${prefix}
      head AS (
        UPDATE ${q}.event_heads SET last_sequence = $3::bigint
        WHERE session_id = $1 AND last_sequence = $2::bigint - 1 AND (SELECT ok FROM allowed)
        RETURNING last_sequence
      )${suffix}`;
  }

  /**
   * Appends durable events and their messages atomically in one round trip.
   * When the connection is lost the statement is retried (up to 3 attempts in
   * all) on another connection; an attempt that committed although its reply
   * was lost is recognised by its first event's id, so the batch is stored
   * exactly once and the call succeeds. Throws `StorageUnavailableError` when
   * every attempt failed (nothing of the batch is stored then, unless the
   * server vanished during the last commit and stayed unreachable).
   * Throws `ValidationError` for malformed or ephemeral events or events of
   * another session, `SequenceConflictError` for a batch that is not
   * contiguous or does not continue the log, and `LeaseLostError` for a stale
   * fence; in every case nothing is written.
   */
  async append(sessionId: SessionId, events: readonly Event[], options: { fence?: FenceToken } = {}): Promise<void> {
    requireId(SessionId, sessionId, 'session id');
    // The runtime's own (sealed) batches pass as they are; anything else is checked event by event.
    const batch = checkDurableBatch(sessionId, events);
    const fence = options.fence;
    if (fence !== undefined && fence.sessionId !== sessionId) {
      throw new LeaseLostError(sessionId, `lease lost on ${sessionId}: the fence belongs to ${String(fence.sessionId)}`);
    }
    if (fence !== undefined) requireInteger(fence.token, 'fence token', 1);
    const first = batch[0];
    if (!first) return;
    batch.forEach((event, index) => {
      if (event.sequence !== first.sequence + index) throw new SequenceConflictError(sessionId, first.sequence + index, event.sequence);
    });
    const last = first.sequence + batch.length - 1;
    const messages: { sequence: number; search: string; body: Message }[] = [];
    for (const event of batch) {
      const message = messageFromEvent(event);
      if (message) messages.push({ sequence: event.sequence, search: messageText(message).toLowerCase(), body: message });
    }

    const isFirst = first.sequence === 1;
    const statement = {
      name: this.ctx.statement(isFirst ? 'history_append_first' : 'history_append_next'),
      pipeline: true,
      text: isFirst ? this.appendFirstSql : this.appendNextSql,
      values: [sessionId, first.sequence, last, JSON.stringify(batch), JSON.stringify(messages), fence?.token ?? null],
    };
    let outcome: AppendOutcome | undefined;
    let inDoubt = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        outcome = (await this.ctx.query<AppendOutcome>(statement)).rows[0];
        break;
      } catch (error) {
        // A lost connection leaves the attempt in doubt: it may have committed before the reply was lost.
        // Retrying is safe: the conditional head update refuses a second copy, and the check below recognises our own.
        const lost = error instanceof StorageUnavailableError;
        inDoubt ||= lost;
        if (lost && attempt < APPEND_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, APPEND_RETRY_DELAY_MS * attempt));
          continue;
        }
        if (inDoubt && (await this.isStored(sessionId, first).catch(() => false))) return;
        // A duplicate key can only come from a concurrent writer the head check did not see; the log is unchanged.
        const original = error instanceof ConflictError ? error.cause : error;
        if (SEQUENCE_CONSTRAINTS.some((constraint) => isUniqueViolation(original, constraint))) {
          throw new SequenceConflictError(sessionId, (await this.lastSequence(sessionId)) + 1, first.sequence);
        }
        throw error;
      }
    }
    if (outcome?.appended) return;
    if (inDoubt && (await this.isStored(sessionId, first))) return;
    if (!outcome?.fence_ok) throw new LeaseLostError(sessionId);
    throw new SequenceConflictError(sessionId, Number(outcome.current_last ?? 0) + 1, first.sequence);
  }

  /** Whether `event` (its id at its sequence) is in the log: an in-doubt attempt of this batch committed. */
  private async isStored(sessionId: SessionId, event: Event): Promise<boolean> {
    const { rows } = await this.ctx.query<{ id: string }>({
      name: this.ctx.statement('history_event_id'),
      pipeline: true,
      text: `SELECT id FROM ${this.ctx.q}.events WHERE session_id = $1 AND sequence = $2`,
      values: [sessionId, event.sequence],
    });
    return rows[0]?.id === event.id;
  }

  /**
   * Events with `sequence > after` (default 0), at most `limit`, in sequence
   * order. Each page is aggregated to one JSON text on the server and parsed
   * once here, which is several times faster than row-by-row decoding. Logs
   * longer than {@link REPLAY_PAGE} events are read as sequence ranges on up
   * to {@link REPLAY_PARALLELISM} connections at once, so the server builds
   * one page while this process parses another. Sequences are contiguous
   * (append enforces it) and stored events never change, so the ranges
   * together are exactly the log up to the head read by the first query.
   */
  async readEvents(sessionId: SessionId, options: ReadEventsOptions = {}): Promise<Event[]> {
    requireId(SessionId, sessionId, 'session id');
    const after = requireInteger(options.after ?? 0, 'after', 0);
    const limit = options.limit === undefined ? Number.MAX_SAFE_INTEGER : requireInteger(options.limit, 'limit', 0);
    if (limit === 0) return [];
    const end = Math.min(after + limit, Number.MAX_SAFE_INTEGER);
    const firstUpper = Math.min(end, after + REPLAY_PAGE);
    const { rows } = await this.ctx.query<{ last: string | null; events: string | null }>({
      name: this.ctx.statement('history_read_first_page'),
      text: `SELECT (SELECT last_sequence FROM ${this.ctx.q}.event_heads WHERE session_id = $1) AS last,
                    (SELECT json_agg(body ORDER BY sequence)::text FROM ${this.ctx.q}.events
                     WHERE session_id = $1 AND sequence > $2 AND sequence <= $3) AS events`,
      values: [sessionId, after, firstUpper],
    });
    const firstPage = parseEvents(rows[0]?.events);
    const last = Math.min(Number(rows[0]?.last ?? 0), end);
    if (last <= firstUpper) return firstPage;
    const ranges: [number, number][] = [];
    for (let from = firstUpper; from < last; from += REPLAY_PAGE) ranges.push([from, Math.min(from + REPLAY_PAGE, last)]);
    const pages: Event[][] = new Array(ranges.length);
    let nextRange = 0;
    const worker = async () => {
      while (nextRange < ranges.length) {
        const index = nextRange++;
        const [from, to] = ranges[index] as [number, number];
        pages[index] = await this.readRange(sessionId, from, to);
      }
    };
    await Promise.all(Array.from({ length: Math.min(REPLAY_PARALLELISM, ranges.length) }, worker));
    return firstPage.concat(...pages);
  }

  /** Events with `from < sequence <= to`. */
  private async readRange(sessionId: SessionId, from: number, to: number): Promise<Event[]> {
    const { rows } = await this.ctx.query<{ events: string | null }>({
      name: this.ctx.statement('history_read_range'),
      text: `SELECT json_agg(body ORDER BY sequence)::text AS events FROM ${this.ctx.q}.events WHERE session_id = $1 AND sequence > $2 AND sequence <= $3`,
      values: [sessionId, from, to],
    });
    return parseEvents(rows[0]?.events);
  }

  async lastSequence(sessionId: SessionId): Promise<number> {
    requireId(SessionId, sessionId, 'session id');
    const { rows } = await this.ctx.query<{ last_sequence: string }>({
      name: this.ctx.statement('history_last_sequence'),
      pipeline: true,
      text: `SELECT last_sequence FROM ${this.ctx.q}.event_heads WHERE session_id = $1`,
      values: [sessionId],
    });
    return rows[0] ? Number(rows[0].last_sequence) : 0;
  }

  /**
   * Derived messages in event order. `search` keeps messages whose text
   * contains it (case-insensitive); `limit` then keeps the most recent N.
   */
  async messages(sessionId: SessionId, filter: MessageFilter = {}): Promise<Message[]> {
    requireId(SessionId, sessionId, 'session id');
    const limit = filter.limit === undefined ? null : requireInteger(filter.limit, 'limit', 0);
    if (filter.search !== undefined && typeof filter.search !== 'string') {
      throw new ValidationError('invalid message filter: search must be a string', [{ path: 'search', message: 'not a string' }]);
    }
    const search = filter.search ? filter.search.toLowerCase() : null;
    const { rows } = await this.ctx.query<{ messages: string | null }>({
      name: this.ctx.statement('history_messages'),
      text: `SELECT json_agg(body ORDER BY sequence)::text AS messages FROM (
               SELECT sequence, body FROM ${this.ctx.q}.messages
               WHERE session_id = $1 AND ($2::text IS NULL OR strpos(search_text, $2::text) > 0)
               ORDER BY sequence DESC LIMIT $3
             ) recent`,
      values: [sessionId, search, limit],
    });
    const text = rows[0]?.messages;
    return text ? (JSON.parse(text) as Message[]) : [];
  }

  /** The first message with this id in the session, if any. */
  async message(sessionId: SessionId, id: MessageId): Promise<Message | undefined> {
    requireId(SessionId, sessionId, 'session id');
    requireId(MessageId, id, 'message id');
    const { rows } = await this.ctx.query<{ body: Message }>({
      name: this.ctx.statement('history_message'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.messages WHERE session_id = $1 AND id = $2 ORDER BY sequence LIMIT 1`,
      values: [sessionId, id],
    });
    return rows[0]?.body;
  }
}
