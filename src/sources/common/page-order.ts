// The order of a directory export's page files, which is the order their records are read in.
// Page files are named page-1, page-2, ..., page-10: a plain code-unit sort would put page-10
// before page-2, so names are compared with numeric awareness first. The collator calls some
// different names equal: the NFC and NFD spellings of one name (macOS writes NFD, Linux keeps
// either), `page-01` and `page-1`, a name with and without an ignorable character such as U+200B;
// which pairs it calls equal also follows the ICU data of the Node.js release. A stable sort
// then leaves such a pair in readdir's order, which differs between filesystems. The code units
// decide those pairs, so the order is the same on every machine and every Node.js.
import { cmp } from "../../model/finding.js";

const byName = new Intl.Collator("en", { numeric: true, sensitivity: "variant" });

/** Natural name order, then code units: a total order of distinct names. */
export function comparePageNames(a: string, b: string): number {
  return byName.compare(a, b) || cmp(a, b);
}
