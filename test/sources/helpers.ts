// Shared by the source adapter tests: a context rooted at test/fixtures/sources, and a way to
// capture the SourceError a read must fail with.
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import type { SourceAdapter, SourceContext } from "../../src/sources/source.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/sources/", import.meta.url));

export function sourceContext(name: string, type: string, path: string, options?: Record<string, unknown>): SourceContext {
  const config: SourceContext["config"] = { type, path };
  if (options) config.options = options;
  return { name, config, repoDir: FIXTURES, env: {} };
}

/** Runs the read and returns the SourceError it must throw (the test fails if it resolves). */
export async function readError(adapter: SourceAdapter, context: SourceContext): Promise<SourceError> {
  const error = await adapter.read(context).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "read() should have failed").toBeInstanceOf(SourceError);
  return error as SourceError;
}

/** The records `adapter` reads from fixture `folder/file`, positions without the file name (they differ by file). */
export async function fixtureRecords(
  adapter: SourceAdapter,
  folder: string,
  file: string,
  options: Record<string, unknown>,
): Promise<Array<Omit<SourceRecord, "position"> & { position: string }>> {
  const read = await adapter.read(sourceContext("hr", adapter.type, `${folder}/${file}`, options));
  return read.map((record) => ({ ...record, position: String(record.position).replace(`${folder}/${file} `, "") }));
}
