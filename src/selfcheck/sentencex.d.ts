/** sentencex ships no types: its default export splits text into sentences by language rules. */
declare module 'sentencex' {
  export default function segment(language: string, text: string): string[];
}
