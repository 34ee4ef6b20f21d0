/**
 * Sends `NOTIFY` payloads with at most one statement in flight: payloads
 * handed in while a statement runs wait and all go out together in the next
 * one. Under concurrent turns this turns many one-payload round trips (a
 * wake-up after every append of every session, every delta) into a few
 * batched ones, while a lone publisher still sends at once. Payloads go out
 * in the order they were handed in, so a delta published after a durable
 * event's wake-up still follows it.
 */
export class NotifyBatcher {
  private sending = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  private queued: { payloads: string[]; done: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly send: (payloads: string[]) => Promise<unknown>) {}

  /** Resolves once the statement carrying `payloads` succeeded; rejects with its error. */
  notify(payloads: readonly string[]): Promise<void> {
    if (!this.sending) {
      this.sending = true;
      this.idle = new Promise((resolve) => {
        this.markIdle = resolve;
      });
      return this.run([...payloads]);
    }
    if (!this.queued) {
      let resolve: () => void = () => {};
      let reject: (error: unknown) => void = () => {};
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.queued = { payloads: [], done, resolve, reject };
    }
    this.queued.payloads.push(...payloads);
    return this.queued.done;
  }

  /** Resolves once nothing is in flight or queued (what was handed in has been sent or has failed). */
  drained(): Promise<void> {
    return this.idle;
  }

  private async run(payloads: string[]): Promise<void> {
    try {
      await this.send(payloads);
    } finally {
      this.next();
    }
  }

  private next(): void {
    const batch = this.queued;
    this.queued = undefined;
    if (!batch) {
      this.sending = false;
      this.markIdle();
      return;
    }
    this.send(batch.payloads).then(
      () => batch.resolve(),
      (error: unknown) => batch.reject(error),
    ).finally(() => this.next());
  }
}
