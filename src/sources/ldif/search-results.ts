// What proves an LDIF export whole: ldapsearch's search result. A server ends a search early when
// it hits a limit (slapd's `sizelimit`, 500 by default, also cuts paged searches; Active
// Directory's MaxPageSize, 1000, cuts an unpaged one) and still sends the entries it had, then the
// result code that says so (RFC 4511 §4.1.9, sizeLimitExceeded). What reaches the file depends on
// ldapsearch's output form (OpenLDAP 2.5 ldapsearch against slapd, checked by
// test/sources/ldif-size-limit.test.ts):
//
// - without -L ("extended LDIF"), each search (each page of a paged one) ends with a record of its
//   own: "search: 2", "result: 0 Success" or "result: 4 Size limit exceeded", and for a page of a
//   paged search "pagedresults: cookie=<more>" (an empty cookie on the last page);
// - with -L, -LL or -LLL the result goes to stderr and the exit code only: a cut file and a whole
//   one differ in nothing but their length ("# numEntries:", written by -L, counts what was sent);
// - ldifde and slapcat write no result at all.
//
// So only the first form proves itself, and an export proves it is whole when every entry in it
// is followed by a "result: 0" that is not a page with more to come. An export without that proof
// is read, but flagged (index.ts: source-unproven-export): what it lacks decides nothing.
//
// A search can also end whole and still not hold everything below its base: the server sends a
// search reference (a "ref:" record, "# search reference", without -L; a "# ref<URL>" comment with
// -L) for each part of the tree another server holds. An AD partition that holds no people is
// noted; any other reference leaves the file unproven, unless the file also holds a whole search
// of exactly the DN it names (that part exported from its own server and appended): the people
// there are not in the file otherwise (common/directory/search-references.ts).
import { SourceError } from "../../model/errors.js";
import { tryDnKey } from "../../model/dn.js";
import { quote } from "../common/text.js";
import { elsewhereFix, referenceName, type SearchReference } from "../common/directory/search-references.js";

export interface ResultLine {
  text: string;
  line: number;
}

type Fail = (line: number, what: string, hint?: string) => SourceError;

/** A search reference and the line it starts on. */
export interface LocatedReference {
  reference: SearchReference;
  line: number;
}

/**
 * Whether the file proved itself whole; when not, why not, as a phrase for the finding, and how
 * to fix it when that is not PROVING_EXPORT. `partitions`: the references to AD partitions that
 * hold no people, to be noted either way.
 */
export type ExportProof = ({ proven: true } | { proven: false; why: string; fix?: string }) & { partitions: LocatedReference[] };

export const PROVING_EXPORT =
  "Export with ldapsearch without -L, -LL or -LLL (its own \"search:\" and \"result: 0 Success\" records then end each search in the file), " +
  "paged with -E pr=500/noprompt, as an account whose size limit is lifted (slapd: limits dn.exact=\"<export DN>\" size=unlimited; " +
  "Active Directory returns more than MaxPageSize, 1000, only to a paged search)";

/** What a failed search's result code means for the fix, for the codes that limits give. */
function failedHint(code: string): string {
  if (code === "4" || code === "11") {
    return "The server stopped the search at its size limit and sent only the entries so far: lift the export account's limit (slapd: limits dn.exact=\"<export DN>\" size=unlimited; Active Directory: page the search with -E pr=1000/noprompt), then export again.";
  }
  if (code === "3") return "The server stopped the search at its time limit: lift the export account's time limit (slapd: limits dn.exact=\"<export DN>\" time=unlimited), then export again.";
  return "The search failed, so the file holds only part of the directory, if any: fix the cause ldapsearch printed and export again.";
}

/** Follows the entries and result records of a file in order; `end()` says whether it proved itself. */
export class SearchResults {
  /** Entries since the last result that closed a search (a page with more to come closes none). */
  private unclosed = 0;
  private firstUnclosedLine: number | undefined;
  /** The last result record, when it was a page of a paged search that says more pages follow. */
  private openPage: number | undefined;
  private closedSearches = 0;
  /** The base of the search being read, from ldapsearch's header ("# base <DN> with scope subtree"), when its scope spans the tree below it. */
  private searchBase: string | undefined;
  /** The bases of the subtree searches that ended whole ("result: 0"), as DN keys. */
  private readonly closedBases = new Set<string>();
  private readonly references: LocatedReference[] = [];

  constructor(private readonly fail: Fail) {}

  /** ldapsearch's header of a search: its base DN and scope ("baseObject", "oneLevel", "subtree", "children"). */
  search(base: string, scope: string): void {
    this.searchBase = /^(subtree|sub)$/i.test(scope) ? tryDnKey(base) : undefined;
  }

  /** A search reference: like an entry, the search it came from must end whole. */
  reference(reference: SearchReference, line: number): void {
    this.entry(line);
    this.references.push({ reference, line });
  }

  entry(line: number): void {
    if (this.unclosed === 0) this.firstUnclosedLine = line;
    this.unclosed++;
  }

  /** A "search: N" record: "result: 0" closes a search unless its paged-results cookie asks for more; anything else is a failed search. */
  result(lines: readonly ResultLine[]): void {
    const result = lines.find((line) => /^result:/i.test(line.text));
    if (!result) throw this.fail(lines[0]!.line, "a search result record (\"search:\") without its \"result:\" line", "Export again: ldapsearch writes \"result: <code> <text>\" right after \"search:\".");
    const match = /^result:\s*(\d+)\s*(.*)$/i.exec(result.text);
    if (!match) throw this.fail(result.line, `${quote(result.text)} is not a result line ("result: <code> <text>")`, "Export again with ldapsearch.");
    const [, code, text] = match;
    if (code !== "0") {
      // The server's own diagnostic, when it sent one (ldapsearch writes it as "text:").
      const diagnostic = lines.find((line) => /^text:/i.test(line.text))?.text.slice(5).trim();
      throw this.fail(
        result.line,
        `ldapsearch reported result ${code} ${quote(text ?? "")}${diagnostic ? ` (${quote(diagnostic)})` : ""}: the export is incomplete`,
        failedHint(code!),
      );
    }
    const cookie = lines.find((line) => /^pagedresults:/i.test(line.text));
    const more = cookie !== undefined && /cookie=\S/i.test(cookie.text);
    this.openPage = more ? cookie.line : undefined;
    if (more) return;
    this.unclosed = 0;
    this.firstUnclosedLine = undefined;
    this.closedSearches++;
    if (this.searchBase !== undefined) this.closedBases.add(this.searchBase);
    this.searchBase = undefined;
  }

  /** Whether every entry was followed by a search that ended in success; a paged search left open is an error. */
  end(): ExportProof {
    if (this.openPage !== undefined) {
      throw this.fail(
        this.openPage,
        "the last page of a paged search says more pages follow (a non-empty pagedresults cookie), but the file ends there: the export is incomplete",
        "Export again with -E pr=500/noprompt (noprompt fetches every page without asking) and let ldapsearch finish.",
      );
    }
    const partitions = this.references.filter((r) => r.reference.partition !== undefined);
    // A reference is answered when the file also holds a whole subtree search of exactly the DN it
    // names. Not one above it: the search that sent the reference is one of those.
    const elsewhere = this.references.filter((r) => {
      if (r.reference.partition !== undefined) return false;
      const key = r.reference.dn === undefined ? undefined : tryDnKey(r.reference.dn);
      return key === undefined || !this.closedBases.has(key);
    });
    const results = this.resultsProof();
    if (elsewhere.length === 0) return { ...results, partitions };
    const named = elsewhere.slice(0, 5).map((r) => `line ${r.line}: ${r.reference.uris.join(" ")}`).join("; ") + (elsewhere.length > 5 ? `; and ${elsewhere.length - 5} more` : "");
    const parts = [...new Set(elsewhere.map((r) => `"${referenceName(r.reference)}"`))].slice(0, 5).join(", ");
    const why =
      `holds ${elsewhere.length === 1 ? "a search reference" : `${elsewhere.length} search references`} to a part of the directory another server holds (${named}), ` +
      `which scopesync does not follow: the people under ${parts} are not in the file`;
    const fix = elsewhereFix(elsewhere.map((r) => r.reference), "export");
    if (results.proven) return { proven: false, why, fix, partitions };
    return { proven: false, why: `${results.why}; it also ${why}`, fix: `${PROVING_EXPORT}. ${fix}`, partitions };
  }

  /** What ldapsearch's result records prove on their own. */
  private resultsProof(): { proven: true } | { proven: false; why: string } {
    if (this.unclosed === 0 && this.closedSearches > 0) return { proven: true };
    if (this.closedSearches === 0) {
      return { proven: false, why: 'has no search result ("result: 0 Success", which ldapsearch writes only without -L, -LL and -LLL; ldifde and slapcat write none), so nothing in it shows that the server sent every entry rather than stopping at a size limit' };
    }
    return { proven: false, why: `has entries from line ${this.firstUnclosedLine} on that no search result ("result: 0 Success") follows, so nothing shows that the server sent all of them rather than stopping at a size limit` };
  }
}
