/**
 * The held slots of one in-memory pool, found by owner token.
 *
 * Owner tokens are fresh strings, one per acquisition: keying a `Map` by them hashes each new
 * string and churns the table, which costs more than the rest of an acquire+release. A small
 * pool keeps its slots in an array, where the release finds its slot by identity (the handle
 * passes the very string it acquired with); a pool with more holders than
 * {@link INDEX_THRESHOLD} also indexes them by owner.
 *
 * @module
 */

/** A held slot, with its owner and its place in {@link OwnerSlots}. */
export interface OwnedSlot {
  readonly owner: string;
  readonly fencingToken: bigint;
  /** Epoch ms; `null` = never expires. */
  expiresAt: number | null;
  /** @internal Its index in the array of its {@link OwnerSlots}. */
  at: number;
}

/** From this many slots on, lookups by owner go through a `Map` rather than a scan. */
export const INDEX_THRESHOLD = 16;

/** The slots of one pool: add, find and remove by owner in O(1) (O(n) scans while n is small). */
export class OwnerSlots {
  readonly #slots: OwnedSlot[] = [];
  #index: Map<string, OwnedSlot> | null = null;

  /** How many slots are held. */
  get size(): number {
    return this.#slots.length;
  }

  /** Adds `slot` (its owner holds no other slot here). */
  add(slot: OwnedSlot): void {
    slot.at = this.#slots.length;
    this.#slots.push(slot);
    if (this.#index !== null) this.#index.set(slot.owner, slot);
    else if (this.#slots.length > INDEX_THRESHOLD) {
      this.#index = new Map(this.#slots.map((held) => [held.owner, held]));
    }
  }

  /** The slot `owner` holds, if any. */
  get(owner: string): OwnedSlot | undefined {
    if (this.#index !== null) return this.#index.get(owner);
    const slots = this.#slots;
    for (let i = slots.length - 1; i >= 0; i--) {
      const slot = slots[i] as OwnedSlot;
      if (slot.owner === owner) return slot;
    }
    return undefined;
  }

  /** Removes `slot`, which is held here. */
  remove(slot: OwnedSlot): void {
    const slots = this.#slots;
    const last = slots.pop() as OwnedSlot;
    if (last !== slot) {
      slots[slot.at] = last;
      last.at = slot.at;
    }
    if (this.#index !== null) {
      this.#index.delete(slot.owner);
      if (slots.length === 0) this.#index = null;
    }
  }

  /** Removes the slots expired at `now`; returns the earliest expiry left (`Infinity`: none). */
  dropExpired(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    const slots = this.#slots;
    for (let i = slots.length - 1; i >= 0; i--) {
      const slot = slots[i] as OwnedSlot;
      const at = slot.expiresAt;
      if (at === null) continue;
      if (at <= now) this.remove(slot);
      else if (at < earliest) earliest = at;
    }
    return earliest;
  }
}
