/**
 * Puts a prompt's prefix into a context sequence as cheaply as possible. With sharing on, a sequence
 * that already holds the prefix (another sample of the same prompt, running or finished) is forked
 * through llama.cpp's KV-cache copy; if that is impossible the prefix is evaluated again. With sharing
 * off every sample evaluates the whole prefix itself, which is what the benchmark compares against.
 */
import type { LlamaContextSequence, Token } from 'node-llama-cpp';

/**
 * node-llama-cpp 3.22.1 keeps its fork as an @internal method (runtime-notes §1.4); this adapter is
 * the only place that touches it, and reports false (→ re-prefill) when it is missing or fails.
 */
type Fork = (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean>;
const FORK_METHOD = '_copyStateFromOtherSequence';

export async function copySequencePrefix(
  target: LlamaContextSequence,
  source: LlamaContextSequence,
  length: number,
): Promise<boolean> {
  const fork = (target as unknown as Record<string, Fork | undefined>)[FORK_METHOD];
  if (typeof fork !== 'function') return false;
  try {
    return (await fork.call(target, source, length)) === true && target.nextTokenIndex === length;
  } catch {
    return false;
  }
}

function commonPrefixLength(a: readonly Token[], b: readonly Token[]): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}

export interface PrefixStats {
  /** Prefix tokens evaluated by the model. */
  evaluated: number;
  /** Samples whose prefix came from a KV-cache copy. */
  copied: number;
  /** Forks that failed and fell back to evaluating. */
  copyFailures: number;
}

export class PrefixLoader {
  readonly stats: PrefixStats = { evaluated: 0, copied: 0, copyFailures: 0 };
  /** Prefill in progress per prefix, so simultaneous samples wait for one prefill and then fork it. */
  private readonly pending = new Map<string, Promise<void>>();
  /**
   * Sequences being loaded with a new prefix: their KV cache is about to change, so they lend nothing.
   * Without this, an idle sequence handed to a new sample could be erased while a copy reads from it,
   * and the copy would hold another prompt's state (samples answering the wrong question).
   */
  private readonly loading = new Set<LlamaContextSequence>();
  /** Copies in progress from each donor; a donor is not changed until they are done. */
  private readonly lent = new Map<LlamaContextSequence, Set<Promise<unknown>>>();

  constructor(
    private readonly share: boolean,
    /** Every sequence of the context: candidates to fork from. */
    private readonly sequences: readonly LlamaContextSequence[],
  ) {}

  /** Leaves `sequence` holding exactly `prefix`; returns how many tokens the model had to evaluate. */
  async load(sequence: LlamaContextSequence, prefix: readonly Token[]): Promise<number> {
    // Marked before the first await, so no copy starts from it once its contents may change.
    this.loading.add(sequence);
    try {
      await Promise.all(this.lent.get(sequence) ?? []);
      return await this.loadInto(sequence, prefix);
    } finally {
      this.loading.delete(sequence);
    }
  }

  private async loadInto(sequence: LlamaContextSequence, prefix: readonly Token[]): Promise<number> {
    if (!this.share) {
      await sequence.clearHistory();
      return this.evaluate(sequence, prefix);
    }
    const key = prefix.join(',');
    for (;;) {
      if (commonPrefixLength(sequence.contextTokens, prefix) === prefix.length) {
        return this.evaluateRest(sequence, prefix);
      }
      const donor = this.sequences.find(
        (other) => other !== sequence && !this.loading.has(other) && commonPrefixLength(other.contextTokens, prefix) === prefix.length,
      );
      if (donor !== undefined) {
        if (await this.copyFrom(donor, sequence, prefix.length)) {
          this.stats.copied++;
          return 0;
        }
        this.stats.copyFailures++;
        await sequence.clearHistory();
        return this.evaluate(sequence, prefix);
      }
      const inFlight = this.pending.get(key);
      if (inFlight === undefined) break;
      await inFlight;
    }
    // Its prefix is in place when the job ends: it may lend from then on, to the samples waiting for it.
    const job = this.evaluateRest(sequence, prefix).finally(() => this.loading.delete(sequence));
    const done = job.then(
      () => undefined,
      () => undefined,
    );
    this.pending.set(key, done);
    try {
      return await job;
    } finally {
      if (this.pending.get(key) === done) this.pending.delete(key);
    }
  }

  /** A KV-cache copy, registered with its donor (synchronously, before any await) until it is done. */
  private async copyFrom(donor: LlamaContextSequence, target: LlamaContextSequence, length: number): Promise<boolean> {
    const copy = copySequencePrefix(target, donor, length);
    let copies = this.lent.get(donor);
    if (copies === undefined) this.lent.set(donor, (copies = new Set()));
    copies.add(copy);
    try {
      return await copy;
    } finally {
      copies.delete(copy);
      if (copies.size === 0 && this.lent.get(donor) === copies) this.lent.delete(donor);
    }
  }

  /** Keeps whatever leading part of the prefix the sequence already holds and evaluates the rest. */
  private async evaluateRest(sequence: LlamaContextSequence, prefix: readonly Token[]): Promise<number> {
    const kept = commonPrefixLength(sequence.contextTokens, prefix);
    if (sequence.nextTokenIndex > kept) {
      await sequence.eraseContextTokenRanges([{ start: kept, end: sequence.nextTokenIndex }]);
    }
    return this.evaluate(sequence, prefix.slice(kept));
  }

  private async evaluate(sequence: LlamaContextSequence, tokens: readonly Token[]): Promise<number> {
    if (tokens.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice());
    this.stats.evaluated += tokens.length;
    return tokens.length;
  }
}
