import { getHeapStatistics } from "node:v8";

// How much old generation this process may grow to, which the memory budget (memory-budget.ts)
// compares its estimate with. V8 tells only `heap_size_limit`: the old generation plus the young
// one, where what the plan keeps never lives. The young generation is three semi-spaces (Node.js's
// documentation of `--max-semi-space-size`), and its default is not told by any API and differs
// by version and machine: 48 MB on Node.js 20 to 23 (V8 before 13: 16 MB semi-spaces), 192 MB on
// Node.js 24 (64 MB ones) on the 24 GB machine the benchmarks ran on; less on machines with less
// memory. Taking 48 MB off on Node.js 24 made a 48 MB old generation look like 192 MB of room,
// and an organisation that needed 80 MB died in a V8 fatal error. So the flags the process was
// started with are read where they say exactly what V8 used, and otherwise the largest young
// generation the process's V8 is known to default to is taken off: erring low only refuses sooner.

const MB = 2 ** 20;

/** The default young generation by V8 version, the largest measured. */
export const YOUNG_GENERATION = { v8Before13: 48 * MB, v8From13: 192 * MB } as const;

/** What heapLimitOf reads off the process: V8's limit, the V8 version, and the flags it was started with. */
export interface HeapFacts {
  heapSizeLimit: number;
  v8Version: string;
  execArgv: readonly string[];
  nodeOptions?: string;
}

/** The old generation this process may grow to (`--max-old-space-size`, or V8's default for the machine), in bytes. */
export function heapLimit(): number {
  return heapLimitOf({ heapSizeLimit: getHeapStatistics().heap_size_limit, v8Version: process.versions.v8, execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS });
}

/**
 * heapLimit from the facts given. `--max-old-space-size` is what V8 used unless
 * `--max-old-space-size-percentage` is also given (it takes precedence, Node.js's documentation
 * says); then, as without either, V8's limit less the young generation: three times
 * `--max-semi-space-size` rounded up to a power of two as V8 rounds it, or the default.
 */
export function heapLimitOf(facts: HeapFacts): number {
  const semiSpace = sizeFlag(facts, "max-semi-space-size");
  const young = semiSpace !== undefined ? 3 * 2 ** Math.ceil(Math.log2(semiSpace)) : Number.parseInt(facts.v8Version, 10) >= 13 ? YOUNG_GENERATION.v8From13 : YOUNG_GENERATION.v8Before13;
  const estimate = Math.max(0, facts.heapSizeLimit - young);
  if (flagValue(facts, "max-old-space-size-percentage") !== undefined) return estimate;
  const oldSpace = sizeFlag(facts, "max-old-space-size");
  // The young generation is at least three 1 MB semi-spaces: a flag that leaves less is not what V8 used.
  return oldSpace !== undefined && oldSpace <= facts.heapSizeLimit - 3 * MB ? oldSpace : estimate;
}

/**
 * A V8 size flag's value in bytes (it is given in MB, "+N" as N). Undefined when absent, 0 (V8's
 * "the default") or not a number.
 */
export function sizeFlag(facts: Pick<HeapFacts, "execArgv" | "nodeOptions">, name: string): number | undefined {
  const m = /^\+?(\d+)$/.exec(flagValue(facts, name) ?? "");
  return m && Number(m[1]) > 0 ? Number(m[1]) * MB : undefined;
}

/**
 * A flag's value as the process was started: the command line's last one, else NODE_OPTIONS' last
 * one (Node.js reads NODE_OPTIONS first, so the command line wins). V8 takes `_` for `-` in flag
 * names; "" for a flag without a value.
 */
function flagValue(facts: Pick<HeapFacts, "execArgv" | "nodeOptions">, name: string): string | undefined {
  const last = (args: readonly string[]): string | undefined => {
    let found: string | undefined;
    for (const arg of args) {
      const m = /^--([a-z0-9_-]+)(?:=(.*))?$/.exec(arg);
      if (m && m[1]!.replaceAll("_", "-") === name) found = m[2] ?? "";
    }
    return found;
  };
  return last(facts.execArgv) ?? last(nodeOptionsArgs(facts.nodeOptions ?? ""));
}

/** NODE_OPTIONS split as Node.js splits it: on spaces outside double quotes, `\` escaping a character within them. */
export function nodeOptionsArgs(text: string): string[] {
  const args: string[] = [];
  let quoted = false;
  let fresh = true;
  for (let i = 0; i < text.length; i++) {
    let c = text[i]!;
    if (c === "\\" && quoted) c = text[++i] ?? "";
    else if (c === " " && !quoted) {
      fresh = true;
      continue;
    } else if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (fresh) {
      args.push(c);
      fresh = false;
    } else args[args.length - 1] += c;
  }
  return args;
}
