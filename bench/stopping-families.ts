/** The model families of the BoInf recordings, for leave-one-family-out tuning and per-family figures. */
export const FAMILIES = ['Qwen3', 'EXAONE', 'Phi-4', 'gpt-oss'] as const;
export type Family = (typeof FAMILIES)[number];

export function familyOf(file: string): Family {
  const family = FAMILIES.find((f) => file.includes(f));
  if (family === undefined) throw new Error(`no model family in ${file}`);
  return family;
}
