/** Default prompt templates, shared by benchmarks with the same answer format. Override with `template`. */
export const MATH_TEMPLATE = '{question}\nPlease reason step by step, and put your final answer within \\boxed{}.';

export const CHOICE_TEMPLATE =
  '{question}\n\nAnswer choices:\n{choices}\n\nThink step by step, then finish with "The answer is (X)" where X is the letter of the correct choice.';

export const YES_NO_TEMPLATE = '{question}\nThink step by step, then finish with "The answer is yes" or "The answer is no".';

export const OPEN_TEMPLATE = 'Answer the question truthfully in one sentence.\nQ: {question}\nA:';

