// Exports something that is not an answer kind: --answer must refuse it and say what is missing.
export default { name: 'half', extract: (text) => text };
