/**
 * A hard cap on completion tokens across concurrent generations. Each started generation reserves a
 * share of what is left (it asks the backend for at most that many tokens), so the cap holds even for
 * backends that cannot be cancelled mid-generation; unused reservations come back when it finishes.
 */
export class TokenBudget {
  private used = 0;
  private reserved = 0;

  constructor(private readonly limit: number) {}

  get spent(): number {
    return this.used;
  }

  get exhausted(): boolean {
    return this.limit - this.used - this.reserved < 1;
  }

  /** Reserves a fair share for one of `slots` generations about to start; 0 when nothing is left. */
  reserve(slots: number, wanted: number): number {
    const left = this.limit - this.used - this.reserved;
    const share = Math.min(wanted, Number.isFinite(left) ? Math.floor(left / Math.max(1, slots)) : Infinity);
    if (share < 1) return 0;
    this.reserved += Number.isFinite(share) ? share : 0;
    return share;
  }

  /** A generation that reserved `reservation` finished having generated `tokens`. */
  settle(reservation: number, tokens: number): void {
    if (Number.isFinite(reservation)) this.reserved -= reservation;
    this.used += tokens;
  }
}
