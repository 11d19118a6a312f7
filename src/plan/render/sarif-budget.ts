// How much of a plan's findings one SARIF upload can carry. GitHub code scanning rejects a file
// over 10 MB gzip-compressed (413) and a run of more than 25,000 results, and of a run it accepts
// it keeps and shows only 5,000 results, chosen by severity alone ("SARIF support for code
// scanning", "SARIF results exceed limit"). A result past 5,000 is lost to the reviewer without
// a word, so the file holds at most 5,000, chosen by scopesync's priority (sarif-priority.ts),
// and says what it left out (sarif-omitted.ts).
import type { Finding } from "../../model/finding.js";

/** Results per run GitHub displays (it accepts 25,000, but keeps only the top 5,000 of them). */
export const SARIF_MAX_RESULTS = 5_000;
/**
 * Bytes of UTF-8 the file may take, uncompressed. The limit is 10 MB of gzip; gzip never makes
 * text more than a few bytes per 64 KiB block larger, and 7,000,000 bytes stay under 10 MB even
 * as base64 (the REST upload's encoding, 4/3 larger). A bound on the text, not a measure of
 * the gzip, so the cut does not depend on the zlib in use: the same plan gives the same bytes.
 */
export const SARIF_MAX_BYTES = 7_000_000;
/** Tags per rule GitHub displays (it accepts 20). */
export const SARIF_MAX_TAGS = 10;

export interface SarifRoom {
  results: number;
  bytes: number;
}

export interface SarifCosts {
  /** Bytes a finding's result adds to the file. */
  result: (f: Finding) => number;
  /** Bytes a rule's descriptor adds, when its first result is kept. */
  rule: (id: string) => number;
}

/**
 * The findings (positions in `findings`) that fit the room, tier by tier. A tier that does not fit whole is shared between
 * its rules in turns, one finding of each rule a turn, so that one rule with thousands of
 * findings does not hide every other; each rule keeps its first findings in plan order. A finding
 * too large for the bytes left ends its rule's turns (the later, smaller ones of other rules may
 * still fit). Deterministic: plan order and rule order only.
 */
export function fillByPriority(findings: readonly Finding[], tiers: readonly number[][], room: SarifRoom, costs: SarifCosts): Set<number> {
  const kept = new Set<number>();
  const rules = new Set<string>();
  let results = room.results;
  let bytes = room.bytes;
  for (const tier of tiers) {
    let turns = [...byRule(findings, tier).values()].map((list) => ({ list, next: 0 }));
    while (turns.length > 0 && results > 0) {
      const again: typeof turns = [];
      for (const turn of turns) {
        if (results === 0) break;
        const k = turn.list[turn.next]!;
        const f = findings[k]!;
        const cost = costs.result(f) + (rules.has(f.rule) ? 0 : costs.rule(f.rule));
        if (cost > bytes) continue;
        kept.add(k);
        rules.add(f.rule);
        results--;
        bytes -= cost;
        if (++turn.next < turn.list.length) again.push(turn);
      }
      turns = again;
    }
  }
  return kept;
}

function byRule(findings: readonly Finding[], tier: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const k of tier) {
    const rule = findings[k]!.rule;
    const list = out.get(rule);
    if (list) list.push(k);
    else out.set(rule, [k]);
  }
  return out;
}
