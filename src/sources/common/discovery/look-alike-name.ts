// A discovered NHI whose name passes for a Latin one it is not ("Еxpense Connector" with a
// Cyrillic "Е") is the spoofing case: registered beside, or in place of, the NHI it reads like.
// Its id keeps it apart (ids.ts adds a hash of the name); this says why, with the code points a
// reviewer cannot see, by the criteria identity-id-look-alike applies to ids (UTS #39), word by
// word: a word that mixes Latin, Cyrillic, Greek or Armenian letters, or reads as ASCII. A word
// wholly in one other script ("Αθήνα") passes for nothing, and is not reported.
import type { Finding } from "../../../model/finding.js";
import { codePoints, mixedScripts, readsAsAscii } from "../../../model/look-alike-logins.js";
import { withoutSecretShapes } from "../../../model/secret-shapes.js";
import { foldName } from "./name-letters.js";

/** What is between words: a word is a run of letters, marks and digits. */
const NOT_IN_WORD = /[^\p{L}\p{M}\p{N}]+/u;

/** The record a name came from: its source, its id in the system, where it is, and the id it was given. */
export interface NamedRecord {
  source: string;
  externalId: string;
  position: string;
  userName: string;
}

/** The `nhi-name-look-alike` warning for a record whose name passes for a Latin one, else undefined. */
export function lookAlikeNameFinding(name: string, record: NamedRecord): Finding | undefined {
  // The name as every id and plan gets it: a secret pasted into it never reaches the message.
  const text = withoutSecretShapes(name);
  const folded = foldName(text);
  if (folded.lookAlike.length === 0) return undefined;
  // Word by word: "Αθήνα Backup" names a Greek city beside a Latin word, and passes for nothing.
  const words = text.split(NOT_IN_WORD).filter((w) => mixedScripts(w).length > 0 || readsAsAscii(w));
  if (words.length === 0) return undefined;
  const scripts = [...new Set(words.flatMap((w) => mixedScripts(w)))];
  const letters = folded.lookAlike.map((c) => `${codePoints(c)} as "${foldName(c).text}"`).join(", ");
  const how = scripts.length > 0 ? `mixes ${scripts.join(" and ")} letters` : "reads as a Latin name";
  return {
    rule: "nhi-name-look-alike",
    severity: "warning",
    location: record.position,
    message: `the name "${text}" of ${record.source}:${record.externalId} (written ${codePoints(text)}) ${how}: it has letters that look Latin and are not (${letters}), so it reads as "${folded.text.trim()}"; its discovered id is "${record.userName}", with a hash of the name, so that it is not the id of the NHI it reads like`,
    remediation: `check with the owners of ${record.source} that this is not an NHI registered to pass for another; rename or delete it there if it is, else declare it in identities/ with discoveredBy: [{ source: ${record.source}, id: ${JSON.stringify(record.externalId)} }] (\`scopesync nhi propose\` writes that form)`,
  };
}
