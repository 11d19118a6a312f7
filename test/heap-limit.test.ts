import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { heapLimitOf, nodeOptionsArgs, sizeFlag } from "../src/heap-limit.js";

// The memory budget compares its estimate with the old generation V8 will let the process grow
// to. Erring high is what turns a clear refusal into a V8 fatal error; erring low only refuses
// sooner. The figures are what these Node.js versions said on the benchmark machine.

const MB = 2 ** 20;
const node20 = { v8Version: "11.3.244.8-node.33", execArgv: [] };
const node24 = { v8Version: "13.6.233.17-node.63", execArgv: [] };

describe("the heap limit", () => {
  it("is the --max-old-space-size the process was given, exactly, on every Node.js version", () => {
    expect(heapLimitOf({ ...node20, heapSizeLimit: 96 * MB, execArgv: ["--max-old-space-size=48"] })).toBe(48 * MB);
    // Node.js 24's young generation is 192 MB: taking 48 MB off left 192 MB of "room" for a 48 MB old generation.
    expect(heapLimitOf({ ...node24, heapSizeLimit: 240 * MB, execArgv: ["--max-old-space-size=48"] })).toBe(48 * MB);
    expect(heapLimitOf({ ...node24, heapSizeLimit: 240 * MB, nodeOptions: "--trace-warnings  --max_old_space_size=48" })).toBe(48 * MB);
    expect(heapLimitOf({ ...node24, heapSizeLimit: 292 * MB, nodeOptions: '"--max-old-space-size=100"' })).toBe(100 * MB);
    // V8 reads "+100" as 100; 48 MB semi-spaces are 64 MB ones, so its limit is 100 + 192 MB.
    expect(heapLimitOf({ ...node20, heapSizeLimit: 292 * MB, execArgv: ["--max-old-space-size=+100"], nodeOptions: "--max-semi-space-size=48" })).toBe(100 * MB);
  });

  it("without one, is V8's limit less the largest young generation that V8 version defaults to", () => {
    expect(heapLimitOf({ ...node20, heapSizeLimit: 4144 * MB })).toBe(4096 * MB);
    expect(heapLimitOf({ ...node24, heapSizeLimit: 4288 * MB })).toBe(4096 * MB);
    // 0 is V8's "the default", for either flag.
    expect(heapLimitOf({ ...node24, heapSizeLimit: 4288 * MB, execArgv: ["--max-semi-space-size=0", "--max-old-space-size=0"] })).toBe(4096 * MB);
  });

  it("takes off three semi-spaces of the size V8 rounds --max-semi-space-size up to", () => {
    expect(heapLimitOf({ ...node24, heapSizeLimit: 4144 * MB, execArgv: ["--max-semi-space-size=16"] })).toBe(4096 * MB);
    // 48 MB semi-spaces are 64 MB ones: a limit of 4,288 MB, not 4,240.
    expect(heapLimitOf({ ...node20, heapSizeLimit: 4288 * MB, execArgv: ["--max-semi-space-size=48"] })).toBe(4096 * MB);
    expect(heapLimitOf({ ...node20, heapSizeLimit: 4099 * MB, execArgv: ["--max-semi-space-size=1"] })).toBe(4096 * MB);
  });

  it("gives way to --max-old-space-size-percentage, which takes precedence over --max-old-space-size", () => {
    // 1% of this machine's memory: V8's old generation was 241 MB, whatever --max-old-space-size said.
    expect(heapLimitOf({ ...node24, heapSizeLimit: 433 * MB, execArgv: ["--max-old-space-size=4096", "--max-old-space-size-percentage=1"] })).toBe(241 * MB);
    expect(heapLimitOf({ ...node24, heapSizeLimit: 433 * MB, execArgv: ["--max-old-space-size=300"], nodeOptions: "--max-old-space-size-percentage=1" })).toBe(241 * MB);
    expect(heapLimitOf({ ...node20, heapSizeLimit: 289 * MB, execArgv: ["--max-old-space-size-percentage=1"] })).toBe(241 * MB);
  });

  it("never takes a --max-old-space-size that leaves less than V8's smallest young generation", () => {
    expect(heapLimitOf({ ...node24, heapSizeLimit: 300 * MB, execArgv: ["--max-old-space-size=299"] })).toBe(108 * MB);
  });

  it("reads the command line's flag before NODE_OPTIONS', and the last of each", () => {
    expect(sizeFlag({ execArgv: ["--max-old-space-size=100", "--max-old-space-size=200"], nodeOptions: "--max-old-space-size=300" }, "max-old-space-size")).toBe(200 * MB);
    expect(sizeFlag({ execArgv: [], nodeOptions: "--max-old-space-size=300 --max_old_space_size=400" }, "max-old-space-size")).toBe(400 * MB);
    expect(sizeFlag({ execArgv: ["--max-semi-space-size=64"] }, "max-old-space-size")).toBeUndefined();
  });

  it("splits NODE_OPTIONS as Node.js does: double quotes group, a backslash escapes within them", () => {
    expect(nodeOptionsArgs(' --a=1  "--b=2 3" --c="x\\"y" ')).toEqual(["--a=1", "--b=2 3", '--c=x"y']);
    // Node.js ignores a single-quoted token; so does the budget.
    expect(sizeFlag({ execArgv: [], nodeOptions: "'--max-old-space-size=100'" }, "max-old-space-size")).toBeUndefined();
  });

  // Spawned with NODE_OPTIONS cleared so that the suite's own flags do not count.
  const limitIn = (args: string[]) => {
    const r = spawnSync(process.execPath, [...args, "--input-type=module", "-e", `const { heapLimit } = await import(${JSON.stringify(new URL("../dist/heap-limit.js", import.meta.url).href)}); const { getHeapStatistics } = await import("node:v8"); process.stdout.write(JSON.stringify({ limit: heapLimit(), v8: getHeapStatistics().heap_size_limit }));`], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as { limit: number; v8: number };
  };

  it("is what this Node.js process was given, whatever its young generation", () => {
    // 64 MB semi-spaces on any version: under the old 48 MB guess this said 192 MB.
    expect(limitIn(["--max-old-space-size=48", "--max-semi-space-size=64"]).limit).toBe(48 * MB);
  });

  it("by default is no more than the old generation this Node.js really has", () => {
    // With 1 MB semi-spaces V8's limit is the default old generation plus 3 MB: a Node.js whose
    // default young generation outgrew the one assumed here fails this, not a plan.
    const real = limitIn(["--max-semi-space-size=1"]).v8 - 3 * MB;
    const assumed = limitIn([]).limit;
    expect(assumed).toBeGreaterThan(0);
    expect(assumed).toBeLessThanOrEqual(real);
  });
});
