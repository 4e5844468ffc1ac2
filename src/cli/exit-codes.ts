/**
 * What `quorum` exits with, for every command:
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done: an answer (an abstention included), an evaluation, a report, help, the version |
 * | 1 | the command line was accepted and then something failed: a file, model, server or run could not be used, or no sample was usable because the backend failed |
 * | 2 | the command line was refused before any work: unknown command or option, a bad value, a missing argument |
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
