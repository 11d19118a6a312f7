// How the redactor finds a secret in a text. Servers do not echo a secret faithfully: one
// upper-cases the header it quotes, another wraps its message at 76 columns. So every form of a
// secret is found in any case (an upper-cased GitHub token is as good as the token: its CRC32
// checksum recovers the case) and with a line break, invisible characters or an escaped line break
// between any two of its characters.
//
// One regex with gaps allowed between all the characters of every form grows past the size V8
// optimises (20 KB of pattern: three or four secrets), and then scanned plan JSON a hundred times
// slower than the exact forms did. So a small regex finds where a form may start (its first
// characters, gaps allowed), and a walk of a trie of the forms checks each such place.

/** Characters of each form the regex compares: enough to make a place to walk from rare. */
const CANDIDATE_DEPTH = 4;
/**
 * What may stand between two characters of an echoed secret: a line break, with the indentation a
 * wrapped or folded line carries after it (a server wrapping its message at 76 columns), and the
 * invisible characters a reader skips (soft hyphen, zero-width space and joiners, word joiner,
 * BOM); and, for text redacted after it was escaped, a backslash (Markdown escapes `-` and `_`,
 * JSON escapes `"`), a line break or tab as JSON writes it (`\n`), and those invisible characters
 * as showUnseen writes them (`\u000a`, `\u200b`). Redacting before escaping is the rule; this
 * keeps a secret masked where an output is redacted whole, after its parts were escaped. A space
 * alone is not a gap: with it, a short secret matched ordinary words (a token "Jordan-Lee2026"
 * masked the display name "JORDAN-LEE 2026" in a plan's changes, which then no longer matched
 * the plan's fingerprint, and apply refused the plan).
 *
 * After a line break (written, or as JSON writes it), the marker a unified diff starts each line
 * with (`+`, `-` or a space) and the terminal colour codes a coloured line starts or ends with are
 * gaps too: a secret a YAML value wraps, in the plan's diff of the pull request's files, reads
 * `+  Uses crmtok-secret-` then `+  value-123456`, and was shown in the text, JSON and Markdown plan
 * and the coloured one on a terminal (rv118).
 */
const GAP = String.raw`(?:\r?\n(?:\x1b\[[0-9;]*m)*[+\- ]?[ \t]*|\x1b\[[0-9;]*m|[\u00ad\u200b-\u200d\u2060\ufeff]|\\(?:n[+\- ]?[ \t]*|[rt]|u(?:000[9a-d]|00ad|200[b-d]|202[89]|2060|feff))?)`;
const GAP_AT = new RegExp(`${GAP}+`, "y");
const GAPS = new RegExp(GAP, "g");

interface Node {
  /** The character as the form has it (keys are case-folded). */
  char: string;
  /** A form ends here. */
  end: boolean;
  next: Map<string, Node>;
}

export class EchoMatcher {
  private readonly root: Node = { char: "", end: false, next: new Map() };
  private readonly candidates: RegExp;

  constructor(forms: Iterable<string>) {
    for (const form of forms) {
      // A form's own gaps (a password with a space) are gaps like any other: the walk skips every
      // gap it meets, so it never has to choose between a gap and a character of the form.
      let node = this.root;
      // Code units, not code points: the walk reads the text one unit at a time.
      for (const char of form.replace(GAPS, "").split("")) {
        const key = foldKey(char);
        let child = node.next.get(key);
        if (!child) node.next.set(key, (child = { char, end: false, next: new Map() }));
        node = child;
      }
      if (node !== this.root) node.end = true;
    }
    this.candidates = new RegExp(branches(this.root, CANDIDATE_DEPTH), "gi");
  }

  /** `text` with every echo of a form replaced by `mask`, the longest where forms overlap. */
  replace(text: string, mask: string): string {
    if (this.root.next.size === 0) return text;
    const candidates = this.candidates;
    candidates.lastIndex = 0;
    let out = "";
    let copied = 0;
    for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
      const end = this.echoEnd(text, m.index);
      if (end < 0) {
        candidates.lastIndex = m.index + 1;
        continue;
      }
      out += text.slice(copied, m.index) + mask;
      copied = candidates.lastIndex = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /** Where the longest echo of a form that starts at `start` ends (its last character, not a gap after it), or -1. */
  private echoEnd(text: string, start: number): number {
    let best = -1;
    let node = this.root;
    for (let at = start; at < text.length; ) {
      const child = node.next.get(foldKey(text[at]!));
      if (!child) break;
      node = child;
      at++;
      if (node.end) best = at;
      GAP_AT.lastIndex = at;
      if (GAP_AT.test(text)) at = GAP_AT.lastIndex;
    }
    return best;
  }
}

/**
 * The characters the i flag treats alike share a key. Only ASCII letters are folded: beyond ASCII
 * the flag's case folding is not toLowerCase's, and the walk must match no more than the regex
 * that finds the places to walk from.
 */
function foldKey(char: string): string {
  return char.length === 1 && char.charCodeAt(0) < 0x80 ? char.toLowerCase() : char;
}

/** A pattern for the first `depth` characters of what follows `node`, gaps allowed between them. */
function branches(node: Node, depth: number): string {
  const alternatives = [...node.next.values()].map((child) => {
    const head = escapeRegExp(child.char);
    // The regex only finds the place; the walk decides. A form that ends here, or the depth
    // reached, ends the pattern.
    if (child.next.size === 0 || child.end || depth === 1) return head;
    return `${head}${GAP}*${branches(child, depth - 1)}`;
  });
  return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join("|")})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
