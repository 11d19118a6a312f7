// A plan written as pieces (writeOutputPieces) closes its temp file last. When the pieces failed
// and the close fails too, the error says why the pieces failed; when only the close fails (the
// disk reports a lost write there), the write fails: no file is left half-written or claimed written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// Only the close of the file handles this test's writer opens is made to fail, and only when asked.
const failClose = { on: false };
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (failClose.on) {
        const close = handle.close.bind(handle);
        handle.close = async () => {
          await close();
          throw Object.assign(new Error("EIO: i/o error, close"), { code: "EIO" });
        };
      }
      return handle;
    },
  };
});
const { writeOutputPieces } = await import("../../src/cli/write-out.js");

afterEach(() => {
  failClose.on = false;
});

function inTempDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-close-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe("writeOutputPieces when closing the file fails", () => {
  it(
    "names the pieces' failure, not the close's, and leaves the file that was there",
    inTempDir(async (dir) => {
      const file = join(dir, "plan.json");
      writeFileSync(file, "the reviewed plan\n");
      function* failing(): Generator<string> {
        for (let k = 0; k < 3 * 1024; k++) yield "x".repeat(1024);
        throw new Error("the plan could not be made");
      }
      failClose.on = true;
      await expect(writeOutputPieces(file, failing(), "plan.json")).rejects.toThrow(/^--out plan\.json: cannot write the file \(the plan could not be made\)$/);
      expect(readdirSync(dir)).toEqual(["plan.json"]);
      expect(readFileSync(file, "utf8")).toBe("the reviewed plan\n");
    }),
  );

  it(
    "fails the write when only the close fails: the file is not replaced",
    inTempDir(async (dir) => {
      const file = join(dir, "plan.json");
      writeFileSync(file, "the reviewed plan\n");
      failClose.on = true;
      await expect(writeOutputPieces(file, ["{", '"a": 1', "}"], "plan.json")).rejects.toThrow(/^--out plan\.json: cannot write the file \(EIO\)$/);
      expect(readdirSync(dir)).toEqual(["plan.json"]);
      expect(readFileSync(file, "utf8")).toBe("the reviewed plan\n");
    }),
  );

  it(
    "writes the file when the close succeeds (the mock passes through)",
    inTempDir(async (dir) => {
      const file = join(dir, "plan.json");
      await writeOutputPieces(file, ["{", '"a": 1', "}"], "plan.json");
      expect(readFileSync(file, "utf8")).toBe('{"a": 1}');
    }),
  );
});
