// An answer kind with a bug: its extract throws, as a user's module can.
export default {
  name: 'extract-throws',
  extract: (text) => text.no.such.field,
  normalize: (answer) => answer,
  equivalent: (a, b) => a === b,
};
