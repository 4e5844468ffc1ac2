/**
 * Digits joined in ways arithmetic never writes a final answer: dates (`10/02/2021`, `2021-10-02`,
 * `02.10.2021`), times and ratios (`12:30`, `3:2`) and versions (`1.2.3`). Read as arithmetic they
 * would be fractions, differences or products (`10/02/2021` ≡ `05/01/2021`), so the `math` and
 * `number` kinds never evaluate them: they are equal only to the same string.
 */
const NOT_ARITHMETIC = [
  /\d\s*\/\s*\d+\s*\/\s*\d/, // a/b/c
  /\d\s*:\s*\d/, // hh:mm, a:b
  /\d\.\d+\.\d/, // 1.2.3, 02.10.2021
  /^\s*\d+-\d+-\d+\s*$/, // 2021-10-02, 10-02-2021
];

export const looksNonArithmetic = (text: string): boolean => NOT_ARITHMETIC.some((pattern) => pattern.test(text));
