// An answer kind as a user would write one: the last integer of the text, compared as written.
export default {
  name: 'last-integer',
  extract: (text) => [...text.matchAll(/-?\d+/g)].at(-1)?.[0] ?? null,
  normalize: (answer) => (/^\s*-?\d+\s*$/.test(answer) ? String(Number(answer)) : null),
  equivalent: (a, b) => a === b,
};
