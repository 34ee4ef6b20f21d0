import type pg from 'pg';

/** One shared connection: its client once connected, the connect in progress, and how many queries wait on it. */
interface Slot {
  client: pg.Client | undefined;
  connecting: Promise<pg.Client> | undefined;
  pending: number;
}

/**
 * A few connections in `pg`'s pipeline mode, shared by every caller: a
 * statement is written at once on the least busy connection, without
 * waiting for the replies to the statements ahead of it (each is still its
 * own implicit transaction, ended by its own Sync).
 *
 * Why: on a busy process most statements are short single-statement
 * transactions from many sessions. Pipelining them over two connections
 * instead of one pooled connection each cuts the server's CPU per turn by
 * about a quarter (fewer backends to wake, fewer reads per reply) and skips
 * the pool's checkout. The price is head-of-line blocking, so only short
 * statements are sent here (see `Statement.pipeline`); long reads and
 * transactions keep using the pool.
 *
 * A connection that fails is dropped (its in-flight statements reject with
 * the connection error) and replaced by the next statement sent to it.
 */
export class PipelinedConnections {
  private readonly slots: Slot[];
  private closed = false;

  constructor(
    /** Creates an unconnected client with `pipeline: true`. */
    private readonly createClient: () => pg.Client,
    size: number,
  ) {
    this.slots = Array.from({ length: size }, () => ({ client: undefined, connecting: undefined, pending: 0 }));
  }

  /** How many connections this set may open. */
  get size(): number {
    return this.slots.length;
  }

  /** Sends one statement on the least busy connection, connecting it first when needed. */
  async query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    if (this.closed) throw closedError();
    const slot = this.leastBusy();
    slot.pending += 1;
    try {
      const client = slot.client ?? (await this.connect(slot));
      // close() may have ended the connection while this statement waited for it to connect.
      if (this.closed) throw closedError();
      return await client.query<R>(config);
    } finally {
      slot.pending -= 1;
    }
  }

  /** Ends every connection; statements already sent still get their replies. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const client = slot.client ?? (await slot.connecting?.catch(() => undefined));
        slot.client = undefined;
        slot.connecting = undefined;
        await client?.end().catch(() => {});
      }),
    );
  }

  private leastBusy(): Slot {
    let best = this.slots[0] as Slot;
    for (const slot of this.slots) if (slot.pending < best.pending) best = slot;
    return best;
  }

  private connect(slot: Slot): Promise<pg.Client> {
    if (slot.connecting) return slot.connecting;
    const client = this.createClient();
    const drop = () => {
      if (slot.client === client) slot.client = undefined;
      if (slot.connecting === connecting) slot.connecting = undefined;
    };
    // A lost connection must not crash the process: pg rejects the statements in flight, the slot reconnects on next use.
    client.on('error', drop);
    client.on('end', drop);
    const connecting = client.connect().then(
      () => {
        if (slot.connecting === connecting) slot.client = client;
        if (this.closed) void client.end().catch(() => {});
        return client;
      },
      (error: unknown) => {
        drop();
        throw error;
      },
    );
    slot.connecting = connecting;
    return connecting;
  }
}

/** The error of a statement sent after (or while) the set was closed: the same one `pg.Pool` gives once ended. */
function closedError(): Error {
  return new Error('Cannot use a pool after calling end on the pool');
}
