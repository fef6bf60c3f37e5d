// Field limits of the score sheet's forms (self-scoring and the head's review). The service enforces
// them and the body parser's limit (src/http/body-limit.ts) is sized from them, so both move together.

/** Evidence text of one criterion (minh chứng), in characters. */
export const EVIDENCE_MAX_CHARS = 5000;
/** A typed score ("9,75"); anything longer is no score. */
export const SCORE_MAX_CHARS = 20;
/** The head's reason for a changed or returned criterion. */
export const REVIEW_REASON_MAX_CHARS = 1000;
/** The head's reason for returning the whole sheet. */
export const RETURN_REASON_MAX_CHARS = 2000;
/** Fields the review form sends per criterion (reviewed_, reason_, return_); the self form sends two. */
export const FIELDS_PER_CRITERION = 3;
