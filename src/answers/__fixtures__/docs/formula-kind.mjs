// A chemistry answer written "Answer: <formula>": spaces never count, case does (Co is not CO).
const formula = (answer) => {
  const canonical = answer.replace(/\s+/g, '');
  return canonical === '' ? null : canonical;
};

export default {
  name: 'formula',
  extract: (text) => {
    const all = [...text.matchAll(/Answer:\s*(.+)$/gm)];
    return all.length === 0 ? null : formula(all[all.length - 1][1]);
  },
  normalize: formula,
  equivalent: (a, b) => a === b,
};
