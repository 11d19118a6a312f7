import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { copied, joined } from "../../src/model/joined.js";

// What these helpers are for is memory (see src/model/joined.ts): the heap tests run the built
// module (dist/: npm run build first) in a child process whose collector the test can call.
const JOINED = new URL("../../dist/model/joined.js", import.meta.url).href;

/** Heap bytes a script's `keep` holds after a full collection, in a fresh Node.js process. */
function heapKept(script: string): number {
  const program = `
    const { copied } = await import(${JSON.stringify(JOINED)});
    const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
    const before = heap();
    ${script}
    const after = heap();
    process.stdout.write(String(after - before), () => process.exit(keep.length > 0 ? 0 : 1));`;
  return Number(execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", program], { encoding: "utf8" }));
}

describe("joined", () => {
  it("writes the parts as one string, numbers as decimal", () => {
    expect(joined("hr.csv", " row ", 12, " (line ", 13, ")")).toBe("hr.csv row 12 (line 13)");
    expect(joined()).toBe("");
  });
});

describe("copied", () => {
  it("gives the same text, short or long, in any script", () => {
    const line = "svc-aws-1,arn:aws:iam::123456789012:user/svc-aws-1,2026-02-03T09:00:00+00:00";
    const [user, arn] = line.split(",");
    expect(copied(arn!)).toBe("arn:aws:iam::123456789012:user/svc-aws-1");
    expect(copied(user!)).toBe("svc-aws-1");
    expect(copied("")).toBe("");
    expect(copied("👩‍💻 Zoë Ångström-Ōkubo")).toBe("👩‍💻 Zoë Ångström-Ōkubo");
  });

  it("does not keep the text it was cut from", () => {
    // One field of each of 100,000 report lines (~10 MB of text) kept after the text is let go.
    const cut = (take: string) => `
      const lines = []; for (let i = 0; i < 100000; i++) lines.push("svc-aws-" + i + ",arn:aws:iam::123456789012:user/svc-aws-" + i + ",2026-02-03T09:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-11-30T09:00:00+00:00,2026-11-30T09:00:00+00:00,eu-west-1,s3");
      let text = lines.join("\\n"); lines.length = 0;
      const keep = []; let start = 0;
      while (start < text.length) { let end = text.indexOf("\\n", start); if (end === -1) end = text.length; keep.push(${take}(text.slice(start, end).split(",")[1])); start = end + 1; }
      text = null;`;
    const sliced = heapKept(cut(""));
    const own = heapKept(cut("copied"));
    expect(sliced).toBeGreaterThan(10_000_000);
    expect(own).toBeLessThan(sliced / 2);
  });

  it("keeps a message built from a template literal as one string, even once it has lived long", () => {
    // Six pieces a message, as a rule writes them, kept through a collection (a rule's hits live
    // until all are made): as ropes a ConsString per piece; read whole in place, on Node.js 20 one
    // ConsString in front of the flat text, on 22 and 24 nearly the rope.
    const build = `const msg = (i) => \`api-key access_key_\${i % 2 + 1} (aws: svc-aws-\${i}) was never used in the \${i % 300} days since \${'2026-08-21'}; the limit is \${'90d'}: revoke it\`;
      const hits = []; for (let i = 0; i < 200000; i++) hits.push(msg(i));
      globalThis.gc(); globalThis.gc();`;
    const ropes = heapKept(`${build} const keep = hits.slice(); hits.length = 0;`);
    const inPlace = heapKept(`${build} const keep = hits.map((m) => { m.charCodeAt(0); return m; }); hits.length = 0;`);
    const own = heapKept(`${build} const keep = hits.map(copied); hits.length = 0;`);
    // Measured per message: ropes 353 bytes, copied 144; read whole in place 176 on Node.js 20, but
    // 341 and 339 on 22 and 24, whose V8 no longer shrinks a long-lived rope that is read.
    expect(own).toBeLessThan(0.5 * ropes);
    // More than 20 bytes a message less than in place on every version (measured: 32 on Node.js 20, ~195 on 22 and 24).
    expect(own).toBeLessThan(inPlace - 20 * 200000);
  });
});
