/**
 * Isotonic regression (Zadrozny & Elkan 2002): the non-decreasing map from the strategy's confidence
 * to the fraction correct that fits the labels best, by pool-adjacent-violators. Between the fitted
 * points the map is interpolated linearly and beyond them held flat, as scikit-learn does.
 */
import { z } from 'zod';

export const isotonicModelSchema = z
  .strictObject({
    method: z.literal('isotonic'),
    /** Knots: confidences, non-decreasing… */
    x: z.array(z.number().min(0).max(1)).min(1),
    /** …and the calibrated value at each, non-decreasing. */
    y: z.array(z.number().min(0).max(1)).min(1),
  })
  .refine((m) => m.x.length === m.y.length, { message: 'x and y must have the same length' });

export type IsotonicModel = z.infer<typeof isotonicModelSchema>;

interface Block {
  sum: number;
  count: number;
  lo: number;
  hi: number;
}

export function fitIsotonic(points: readonly { x: number; correct: boolean }[]): IsotonicModel {
  const sorted = points.toSorted((a, b) => a.x - b.x);
  // Equal confidences form one block before pooling: no threshold can separate them.
  const groups: Block[] = [];
  for (const p of sorted) {
    const last = groups.at(-1);
    if (last !== undefined && last.hi === p.x) {
      last.sum += p.correct ? 1 : 0;
      last.count += 1;
    } else groups.push({ sum: p.correct ? 1 : 0, count: 1, lo: p.x, hi: p.x });
  }
  const blocks: Block[] = [];
  for (const group of groups) {
    blocks.push({ ...group });
    // Pool adjacent violators until the block means are non-decreasing.
    while (blocks.length > 1) {
      const b = blocks.at(-1) as Block;
      const a = blocks.at(-2) as Block;
      if (a.sum / a.count <= b.sum / b.count) break;
      blocks.splice(-2, 2, { sum: a.sum + b.sum, count: a.count + b.count, lo: a.lo, hi: b.hi });
    }
  }
  if (blocks.length === 0) throw new Error('isotonic regression needs at least one point');
  const x: number[] = [];
  const y: number[] = [];
  for (const block of blocks) {
    const value = block.sum / block.count;
    x.push(block.lo);
    y.push(value);
    if (block.hi > block.lo) {
      x.push(block.hi);
      y.push(value);
    }
  }
  return { method: 'isotonic', x, y };
}

export function predictIsotonic(model: IsotonicModel, value: number): number {
  const { x, y } = model;
  if (value <= (x[0] as number)) return y[0] as number;
  if (value >= (x.at(-1) as number)) return y.at(-1) as number;
  // Knots strictly increase: blocks never share a confidence.
  const hi = x.findIndex((knot) => knot >= value);
  if (x[hi] === value) return y[hi] as number;
  const x0 = x[hi - 1] as number;
  const x1 = x[hi] as number;
  const y0 = y[hi - 1] as number;
  const y1 = y[hi] as number;
  return y0 + ((value - x0) / (x1 - x0)) * (y1 - y0);
}
