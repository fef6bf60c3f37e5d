// How large a form body the portal takes. The largest form is a score sheet of the largest criteria
// table with every field at its maximum, so the limit is computed from those limits: a valid sheet
// always fits, and raising a field limit or the criteria cap raises the limit with it.
import express, { type RequestHandler } from 'express';
import { MAX_CRITERIA_PER_TABLE } from '../modules/setup/criteria';
import { EVIDENCE_MAX_CHARS, FIELDS_PER_CRITERION, RETURN_REASON_MAX_CHARS, REVIEW_REASON_MAX_CHARS, SCORE_MAX_CHARS } from '../modules/scoring/limits';

/**
 * Bytes one character can take in an application/x-www-form-urlencoded body: a UTF-16 code unit
 * is at most 3 bytes of UTF-8 (an astral character is 4 bytes for 2 units), each byte "%XX".
 * Vietnamese letters typed in decomposed form (NFD) count their combining marks as characters too.
 */
export const ENCODED_BYTES_PER_CHAR = 9;
/** Digits of a database id in a field name (score_2147483647). */
const ID_DIGITS = 10;
/** `_csrf` tokens are well under this. */
const TOKEN_MAX_CHARS = 256;

/** `name=value&` with the value at `maxChars` characters, all of them at their widest. */
export const fieldBytes = (name: string, maxChars: number) => name.length + 1 + maxChars * ENCODED_BYTES_PER_CHAR + 1;
const perCriterion = (prefix: string, maxChars: number) => fieldBytes(prefix + '9'.repeat(ID_DIGITS), maxChars);

const selfScoreRow = perCriterion('evidence_', EVIDENCE_MAX_CHARS) + perCriterion('score_', SCORE_MAX_CHARS);
const reviewRow = perCriterion('reviewed_', SCORE_MAX_CHARS) + perCriterion('reason_', REVIEW_REASON_MAX_CHARS) + perCriterion('return_', 2);
/** The sheet's own fields beside the criteria; returnReason is the only long one. */
const sheetFields = [
  fieldBytes('_csrf', TOKEN_MAX_CHARS),
  fieldBytes('version', ID_DIGITS),
  fieldBytes('period', 10),
  fieldBytes('action', 10),
  fieldBytes('returnReason', RETURN_REASON_MAX_CHARS),
];

/**
 * MAX_CRITERIA_PER_TABLE × (evidence_<id> + score_<id>, each at its maximum) + the sheet's other
 * fields = 100 × (45.021 + 198) + 20.620 = 4.542.520 bytes ≈ 4,3 MiB. No other form comes near it (the pledge
 * text, the next largest, is 24.000 characters ≈ 0,2 MiB).
 */
export const FORM_BODY_LIMIT_BYTES = MAX_CRITERIA_PER_TABLE * Math.max(selfScoreRow, reviewRow) + sheetFields.reduce((a, b) => a + b, 0);

/** The review form's three fields per criterion, plus room for any form's named fields. */
export const FORM_PARAMETER_LIMIT = MAX_CRITERIA_PER_TABLE * FIELDS_PER_CRITERION + 100;

/**
 * The only form without a session is the sign-in (a name, a password of at most 200 characters and
 * a token): it gets a small limit, so an anonymous caller cannot make the server buffer megabytes.
 */
export const ANONYMOUS_BODY_LIMIT_BYTES = 16 * 1024;

/** Parses form bodies; runs after the session is read so the limit can depend on who is asking. */
export function formBodyParser(): RequestHandler {
  const signedIn = express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT_BYTES, parameterLimit: FORM_PARAMETER_LIMIT });
  // The field count stays that of any form: a signed-in form posted after the session ended is
  // answered by the sign-in check, not refused for its fields.
  const anonymous = express.urlencoded({ extended: false, limit: ANONYMOUS_BODY_LIMIT_BYTES, parameterLimit: FORM_PARAMETER_LIMIT });
  return (req, res, next) => {
    if (req.user) return signedIn(req, res, next);
    if (req.path === '/login') return anonymous(req, res, next);
    // Any other post without a session (a sheet sent after the session ended) is refused by the
    // CSRF check, whose page says the typed values are kept: reading its body would only cost memory.
    next();
  };
}

/** "4,3 MB" for the page that refuses a larger body. */
export function formatLimit(bytes: number = FORM_BODY_LIMIT_BYTES): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}
