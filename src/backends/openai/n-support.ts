/**
 * Whether the server honours `n` (several choices per request), learned once per backend: a 400
 * that mentions `n` (llama.cpp: "Only one completion choice is allowed"; vLLM: "n must be 1 …")
 * or fewer choices than asked (servers that ignore `n`) switch the backend to fan-out for good.
 */
import { BackendError } from '../../core/errors.js';

export type NMode = 'unknown' | 'native' | 'fan-out';

export class NSupport {
  private current: NMode;

  constructor(forced: boolean | undefined) {
    this.current = forced === undefined ? 'unknown' : forced ? 'native' : 'fan-out';
  }

  get mode(): NMode {
    return this.current;
  }

  confirm(): void {
    if (this.current === 'unknown') this.current = 'native';
  }

  fallBack(): void {
    this.current = 'fan-out';
  }
}

/** A client error whose message is about the number of choices. */
export function rejectsN(error: unknown): boolean {
  if (!(error instanceof BackendError)) return false;
  const { status, serverMessage = '' } = error.details;
  return (status === 400 || status === 422) && /\bn\b|choice/i.test(serverMessage);
}
