// A discovered NHI's id is made from its name in the repository's id alphabet (ids.ts), and a name
// is not always Latin: Entra takes any text as an application's displayName. Dropping what is not
// ASCII lost letters silently ("Еxpense Connector", with a Cyrillic "Е", became "xpense-connector";
// a name of CJK or Arabic letters became nothing) and let two names meet in one id. So every
// letter is accounted for here: what folds cleanly is kept, a look-alike is folded and said, and
// what does not fold is counted, so that the id keeps the name apart by a hash of it (ids.ts).
import { latinLookAlike } from "../../../model/look-alike-logins.js";

const ASCII = /^[\x00-\x7f]*$/;
/** Combining marks, dropped once NFKD has split them off their letter: "ë" is "e" + U+0308. */
const MARKS = /\p{M}/gu;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** A name with every letter accounted for. */
export interface FoldedName {
  /** The name in ASCII: clean folds and look-alikes as their Latin letters, other letters as spaces. */
  text: string;
  /** Each letter of another script that was folded to the Latin one it looks like, once (NFKD form). */
  lookAlike: string[];
  /** Whether a letter or digit had no ASCII form (a CJK or Arabic letter, "ß", "ø"): dropped from `text`. */
  unfolded: boolean;
}

/**
 * "Zoë Sync" → "Zoe Sync" (NFKD, marks dropped: a clean fold, nothing to say); "Еxpense" with a
 * Cyrillic "Е" → "Expense", lookAlike ["Е"] (the look-alike fold of model/look-alike-logins.ts);
 * "会計 Sync" → " Sync", unfolded. ASCII is returned as it is.
 */
export function foldName(name: string): FoldedName {
  if (ASCII.test(name)) return { text: name, lookAlike: [], unfolded: false };
  let text = "";
  const lookAlike = new Set<string>();
  let unfolded = false;
  for (const c of name.normalize("NFKD").replace(MARKS, "")) {
    if (ASCII.test(c)) {
      text += c;
      continue;
    }
    const latin = latinLookAlike(c);
    if (latin !== undefined) {
      text += latin;
      lookAlike.add(c);
    } else {
      if (LETTER_OR_DIGIT.test(c)) unfolded = true;
      text += " ";
    }
  }
  return { text, lookAlike: [...lookAlike], unfolded };
}
