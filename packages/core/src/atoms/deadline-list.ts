/** A pending deadline: push it back by its full duration, or cancel it. */
export interface Deadline {
  /** Restarts the countdown from now (a stream produced a chunk). */
  refresh(): void;
  /** Stops the countdown; the callback will not run. Safe to call twice or after expiry. */
  cancel(): void;
}

/** Timer granularity: a Node timer may fire this much before a `performance.now()` deadline. */
const EARLY_FIRE_TOLERANCE_MS = 1;
/** Node's longest timer delay; a longer wait is armed in steps (a longer `setTimeout` would fire after 1 ms). */
const TIMER_MAX_MS = 2 ** 31 - 1;

class Entry implements Deadline {
  prev: Entry | undefined = undefined;
  next: Entry | undefined = undefined;
  linked = false;

  constructor(
    private readonly list: DeadlineList,
    public at: number,
    readonly onExpire: () => void,
  ) {}

  refresh(): void {
    if (this.linked) this.list.moveToTail(this);
  }

  cancel(): void {
    if (this.linked) this.list.remove(this);
  }
}

/**
 * Deadlines that all run for the same duration (a stall timeout, a tool
 * timeout), sharing **one** Node timer instead of one `setTimeout` each.
 *
 * Why: a turn starts and cancels several such timeouts (one per driver call,
 * one per tool call) that almost never fire, and on Node 20 each
 * `setTimeout` + `clearTimeout` pair costs about a third of a microsecond
 * plus its allocations. Because every deadline here has the same duration,
 * starting or refreshing one only appends it to a linked list (deadlines in
 * list order are in time order), and cancelling unlinks it. The one timer is
 * armed for the earliest deadline; when it fires it expires what is due and
 * re-arms for the next, so in steady state it fires about once per duration.
 * It is unreferenced while nothing is pending, so it never keeps a process
 * alive that has no deadline running.
 */
export class DeadlineList {
  #head: Entry | undefined;
  #tail: Entry | undefined;
  #timer: NodeJS.Timeout | undefined;
  #referenced = false;

  constructor(readonly durationMs: number) {}

  /** Whether the shared timer currently keeps the process alive (only while a deadline is pending). */
  get keepsProcessAlive(): boolean {
    return this.#timer?.hasRef() ?? false;
  }

  /** Starts a deadline `durationMs` from now; `onExpire` runs once if it is neither refreshed in time nor cancelled. */
  start(onExpire: () => void): Deadline {
    const entry = new Entry(this, performance.now() + this.durationMs, onExpire);
    this.#append(entry);
    if (!this.#timer) this.#arm(this.durationMs);
    else if (!this.#referenced) {
      this.#timer.ref();
      this.#referenced = true;
    }
    return entry;
  }

  /** @internal Restarts an entry's countdown. */
  moveToTail(entry: Entry): void {
    entry.at = performance.now() + this.durationMs;
    if (this.#tail === entry) return;
    this.#unlink(entry);
    this.#append(entry);
  }

  /** @internal Cancels an entry. */
  remove(entry: Entry): void {
    this.#unlink(entry);
    if (!this.#head && this.#timer && this.#referenced) {
      this.#timer.unref();
      this.#referenced = false;
    }
  }

  #append(entry: Entry): void {
    entry.prev = this.#tail;
    entry.next = undefined;
    if (this.#tail) this.#tail.next = entry;
    else this.#head = entry;
    this.#tail = entry;
    entry.linked = true;
  }

  #unlink(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.#head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#tail = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
    entry.linked = false;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#fire(), Math.min(TIMER_MAX_MS, Math.max(1, Math.ceil(delayMs))));
    this.#referenced = true;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#referenced = false;
    const now = performance.now() + EARLY_FIRE_TOLERANCE_MS;
    const due: Entry[] = [];
    while (this.#head && this.#head.at <= now) {
      const entry = this.#head;
      this.#unlink(entry);
      due.push(entry);
    }
    // Re-arm before running callbacks, so one that throws cannot leave later deadlines without a timer.
    if (this.#head) this.#arm(this.#head.at - performance.now());
    for (const entry of due) entry.onExpire();
  }
}

const lists = new Map<number, DeadlineList>();

/**
 * The shared deadline list for this duration (one per distinct duration in
 * the process). Like `setTimeout`, a duration that is not a positive number
 * counts as 1 ms.
 */
export function deadlinesOf(durationMs: number): DeadlineList {
  if (!(durationMs > 0)) durationMs = 1;
  let list = lists.get(durationMs);
  if (!list) {
    list = new DeadlineList(durationMs);
    lists.set(durationMs, list);
  }
  return list;
}
