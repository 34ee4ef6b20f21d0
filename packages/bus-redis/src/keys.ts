/** Names of the keys and channels the bus uses, all under one prefix. */
export class BusKeys {
  constructor(readonly prefix: string) {}

  /** The stream holding a session's durable events. */
  stream(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }

  /** The pub/sub channel carrying a session's ephemeral events (deltas). */
  liveChannel(sessionId: string): string {
    return `${this.prefix}live:${sessionId}`;
  }

  /** A bus instance's private stream, written to wake its blocking reader. */
  wake(instanceId: string): string {
    return `${this.prefix}wake:${instanceId}`;
  }
}

/** The stream id of a durable event: its sequence, so Redis rejects an older or repeated one. */
export function streamIdOf(sequence: number): string {
  return `${sequence}-0`;
}

/** The sequence encoded in a stream id written by {@link streamIdOf}. */
export function sequenceOfStreamId(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

/** Redis's answer to an XADD whose id is not above the stream's last one: a duplicate append. */
export function isDuplicateIdError(error: unknown): boolean {
  return error instanceof Error && /equal or smaller than the target stream top item/i.test(error.message);
}
