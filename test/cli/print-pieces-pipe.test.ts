// A process printing into a pipe whose reader is slower: Node queued every write it had not yet
// passed to the pipe in memory, and a million identities printed into `| gzip` died of heap. The
// process's own Io (io.ts processIo) waits for standard output to drain between megabytes: what it
// holds queued stays near one write, whatever the size of the output. A real child process and a
// real pipe; the reader starts late, so that a printer that does not wait queues nearly all of it.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const DIST = new URL("../../dist/cli/", import.meta.url).href;

const CHILD = `
import { processIo } from "${DIST}io.js";
import { printPieces } from "${DIST}print-pieces.js";
const io = processIo();
const out = io.out;
let most = 0;
io.out = (t) => { out(t); most = Math.max(most, process.stdout.writableLength); };
function* lines() { for (let i = 0; i < 200000; i++) yield "line " + i + " " + "q".repeat(150) + "\\n"; }
await printPieces(io, lines());
process.stderr.write(String(most));
`;

describe("printing into a pipe", () => {
  it("holds about one megabyte queued, not the output, while the reader lags", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], { stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.pause();
    // The reader starts late: a printer that does not wait has queued nearly all 32 MB by then.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(bytes).toBe(Array.from({ length: 200_000 }, (_, i) => `line ${i} ${"q".repeat(150)}\n`).join("").length);
    expect(bytes).toBeGreaterThan(30 * 2 ** 20);
    // One write of about a megabyte waiting, never the output.
    expect(Number(stderr)).toBeGreaterThan(0);
    expect(Number(stderr)).toBeLessThan(2 * 2 ** 20);
  });
});
