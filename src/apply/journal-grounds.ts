// Why a journal line's change was planned (`why`, `evidence`), the same on every line that names a
// change: the runner's own (start, done, failed, skipped), the lines that close a cut-off run's
// change (they keep the cut-off start's) and a reviewed change not carried out (dropped, or done in
// place: the reviewed plan's). `reason`, where a line has one, is something else: why this run
// closed the change or did not carry it out. An auditor reads both without the plan beside them.
import type { Change } from "../model/change.js";
import type { JournalRecord } from "../model/journal-record.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

/** The change's reason and evidence as a journal line carries them, masked as the plan's texts are (plan/masked-change-texts.ts). */
export function journalGrounds(change: Pick<Change, "reason" | "evidence">): Pick<JournalRecord, "why" | "evidence"> {
  return {
    ...(change.reason ? { why: maskSecretShapes(change.reason) } : {}),
    ...(change.evidence?.length ? { evidence: change.evidence.map(maskSecretShapes) } : {}),
  };
}
