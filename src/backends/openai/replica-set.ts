/**
 * Replicas of one model behind several base URLs. Each request goes to the replica with the fewest
 * outstanding requests (ties: the one given fewest so far, then list order). A replica that fails
 * (connection refused, 5xx) sits out a cool-down and is then tried again.
 */
export interface Replica {
  readonly url: string;
  outstanding: number;
  assigned: number;
  /** Clock time before which the replica is left out; 0 when healthy. */
  downUntil: number;
}

export class ReplicaSet {
  readonly replicas: Replica[];

  constructor(
    urls: readonly string[],
    private readonly coolDownMs: number,
    private readonly now: () => number,
  ) {
    this.replicas = urls.map((url) => ({ url, outstanding: 0, assigned: 0, downUntil: 0 }));
  }

  /** Takes the best replica and counts a request on it; pair with `release`. */
  acquire(): Replica {
    const now = this.now();
    const up = this.replicas.filter((r) => r.downUntil <= now);
    // With every replica cooling down, try the one that comes back first rather than refusing.
    const pool = up.length > 0 ? up : this.replicas.toSorted((a, b) => a.downUntil - b.downUntil).slice(0, 1);
    let best = pool[0] as Replica;
    for (const r of pool) {
      if (r.outstanding < best.outstanding || (r.outstanding === best.outstanding && r.assigned < best.assigned)) best = r;
    }
    best.outstanding++;
    best.assigned++;
    return best;
  }

  release(replica: Replica): void {
    replica.outstanding--;
  }

  markDown(replica: Replica): void {
    replica.downUntil = this.now() + this.coolDownMs;
  }

  markUp(replica: Replica): void {
    replica.downUntil = 0;
  }
}
