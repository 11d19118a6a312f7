import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { credentialReportUsers } from "../../src/sources/aws-iam/credential-report.js";
import { credentialReportCensus, type ReportCensus } from "../../src/sources/aws-iam/report-census.js";
import type { SourceContext } from "../../src/sources/source.js";

// The memory budget weighs an IAM credential report by a census of it taken without parsing it
// (src/sources/aws-iam/report-census.ts). The census must count what the reader makes of the same
// file: its rows, and its credentials as active or not. Each case is held to the reader itself.

const FIXTURE = new URL("../fixtures/sources/aws-iam/credential-report.csv", import.meta.url).pathname;
const HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const dir = mkdtempSync(join(tmpdir(), "scopesync-census-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the reader makes of the file, counted as the census counts. */
function readerCounts(path: string): Omit<ReportCensus, "bytes"> {
  const context = { name: "aws", config: { type: "aws-iam", path }, repoDir: "/", env: {} } as unknown as SourceContext;
  const text = readFileSync(path, "utf8");
  const users = credentialReportUsers(context, { path, absolutePath: path, text, mtime: new Date(0) });
  const bytes = (user: { raw: Record<string, unknown> }) => Buffer.byteLength(String(user.raw["user"]));
  const sum = (list: typeof users, each: (u: (typeof users)[number]) => number) => list.reduce((total, u) => total + each(u), 0);
  const active = (u: (typeof users)[number], type: string) => u.credentials.filter((c) => c.type === type && c.status === "active").length;
  // The root account signs in whatever the report says of its password (not_supported).
  const withPassword = users.filter((u) => u.attributes["interactiveLogin"] === true && u.attributes["awsPrincipalType"] !== "root");
  return {
    rows: users.length,
    activeKeys: sum(users, (u) => active(u, "api-key")),
    activeCertificates: sum(users, (u) => active(u, "certificate")),
    inactiveCredentials: sum(users, (u) => u.credentials.filter((c) => c.status !== "active").length),
    passwords: withPassword.length,
    userBytes: { rows: sum(users, bytes), activeKeys: sum(users, (u) => active(u, "api-key") * bytes(u)), activeCertificates: sum(users, (u) => active(u, "certificate") * bytes(u)), passwords: sum(withPassword, bytes) },
  };
}

/** The census never counts less than the reader makes of the file, and counts the same where every cell is as AWS writes it. */
function expectAtLeastReader(path: string): ReportCensus {
  const census = credentialReportCensus(path)!;
  const reader = readerCounts(path);
  expect(census.bytes).toBe(readFileSync(path).length);
  for (const key of ["rows", "activeKeys", "activeCertificates", "passwords"] as const) expect(census[key], key).toBeGreaterThanOrEqual(reader[key]);
  // A credential counted active where the reader finds it inactive weighs more: only the total counts.
  const all = (c: Omit<ReportCensus, "bytes">) => c.activeKeys + c.activeCertificates + c.inactiveCredentials;
  expect(all(census), "credentials").toBeGreaterThanOrEqual(all(reader));
  for (const key of ["rows", "activeKeys", "activeCertificates", "passwords"] as const) expect(census.userBytes[key], `userBytes.${key}`).toBeGreaterThanOrEqual(reader.userBytes[key]);
  return census;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("credentialReportCensus", () => {
  it("counts the documented report's rows and credentials as the reader reads them", () => {
    const census = credentialReportCensus(FIXTURE)!;
    expect(census).toEqual({ ...readerCounts(FIXTURE), bytes: readFileSync(FIXTURE).length });
    // The fixture has active keys and a user with a password: the test can fail.
    expect(census).toMatchObject({ rows: 4, activeKeys: 3, passwords: 1, userBytes: { passwords: "ada.console".length } });
  });

  it("counts a large report of every kind of row as the reader does, across its 1 MiB pieces", () => {
    const next = random(16);
    const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)]!;
    const date = () => `20${pick(["19", "23", "25", "26"])}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}T0${Math.floor(next() * 9)}:00:00+00:00`;
    const none = () => pick(["N/A", "no_information", "not_supported"]);
    const when = () => (next() < 0.5 ? date() : none());
    const bool = () => pick(["true", "false"]);
    const key = () => `${bool()},${when()},${when()},${pick(["eu-west-1", "N/A"])},${pick(["s3", "secretsmanager", "N/A"])}`;
    const rows = [`\uFEFF${HEADER}`];
    for (let i = 0; i < 30_000; i++) {
      // User names may hold commas ("+=,.@_-"): such a cell is quoted.
      const user = next() < 0.05 ? `"team,${i}"` : `svc-${i}${"x".repeat(Math.floor(next() * 40))}`;
      rows.push(`${user},arn:aws:iam::123456789012:user/svc-${i},${date()},${bool()},${when()},N/A,N/A,${bool()},${key()},${key()},${bool()},${when()},${bool()},${when()}`);
    }
    const path = write("large.csv", `${rows.join("\r\n")}\r\n\r\n`);
    const census = expectAtLeastReader(path);
    expect(census.bytes).toBeGreaterThan(3 * 2 ** 20);
    // Every cell as AWS writes it: the same counts; only a quoted name's quotes are counted more.
    const reader = readerCounts(path);
    expect({ ...census, bytes: 0, userBytes: {} }).toEqual({ ...reader, bytes: 0, userBytes: {} });
    expect(census.userBytes.rows - reader.userBytes.rows).toBe(2 * rows.filter((r) => r.startsWith('"team,')).length);
    expect(census.rows).toBe(30_000);
  });

  it("reads an older report without certificate columns as having no certificates", () => {
    const columns = HEADER.split(",").filter((c) => !c.startsWith("cert_"));
    const row = (user: string, active: string) => columns.map((c) => (c === "user" ? user : c === "arn" ? `arn:aws:iam::123456789012:user/${user}` : c.endsWith("_active") ? active : c.endsWith("_rotated") || c.endsWith("_time") ? "2025-01-01T00:00:00+00:00" : "N/A")).join(",");
    const path = write("older.csv", [columns.join(","), row("a", "true"), row("b", "false")].join("\n"));
    expect(credentialReportCensus(path)).toEqual({ ...readerCounts(path), bytes: readFileSync(path).length });
    expect(credentialReportCensus(path)).toMatchObject({ rows: 2, activeKeys: 2, inactiveCredentials: 2, activeCertificates: 0 });
  });

  it("counts no less than the reader where a report is written otherwise: blank lines first, CR line ends, quoted or repeated column names, columns in another order, other spaces", () => {
    const good = "svc-a,arn:aws:iam::123456789012:user/svc-a,2025-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-02-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-03-01T00:00:00+00:00,false,2025-04-01T00:00:00+00:00";
    const rows = [good, good.replace(/svc-a/g, "svc-b"), good.replace(/svc-a/g, "svc-c")];
    const columns = HEADER.split(",");
    const reordered = [...columns].reverse();
    const cases: Record<string, string> = {
      "blank lines before the header": `\n\r\n${HEADER}\n${rows.join("\n")}\n`,
      "a BOM, then a blank line": `\uFEFF\n${HEADER}\n${rows.join("\n")}\n`,
      "CR alone between lines": `${HEADER}\r${rows.join("\r")}\r`,
      "quoted names with spaces inside the quotes": `${columns.map((c) => `" ${c}"`).join(",")}\n${rows.join("\n")}\n`,
      "a column named twice (the reader takes the last)": `${HEADER},access_key_1_active\n${rows.map((r) => `${r},false`).join("\n")}\n`,
      "columns in another order": `${reordered.join(",")}\n${rows.map((r) => r.split(",").reverse().join(",")).join("\n")}\n`,
      "no-break spaces before cells": `${HEADER}\n${rows.map((r) => r.replace(/,true,/g, ",\u00a0true,")).join("\n")}\n`,
      // Found by review: each made the census count fewer credentials than the reader, and a plan
      // the budget let through then died of heap.
      "a CR inside an unquoted cell of an LF file": `${HEADER}\n${rows.map((r) => r.replace("arn:aws", "ar\rn:aws")).join("\n")}\n`,
      "a quoted header name holding a comma": `"a,b",${HEADER}\n${rows.map((r) => `z,${r}`).join("\n")}\n`,
      "a header name of 70,000 characters": `${HEADER},${"x".repeat(70_000)}\n${rows.map((r) => `${r},v`).join("\n")}\n`,
    };
    for (const [what, text] of Object.entries(cases)) {
      const census = expectAtLeastReader(write("case.csv", text));
      // Every case holds all three rows' active keys, whatever the file's shape.
      expect(census.rows, what).toBeGreaterThanOrEqual(3);
      expect(census.activeKeys, what).toBeGreaterThanOrEqual(readerCounts(join(dir, "case.csv")).activeKeys);
    }
    // The reader itself sees the keys in each case (the cases are reports it takes).
    expect(readerCounts(write("case.csv", cases["blank lines before the header"]!)).activeKeys).toBe(6);
  });

  it("counts a row with another number of cells than the header as the most a row can be", () => {
    const path = write("short-row.csv", `${HEADER}\nsvc-a,arn:aws:iam::123456789012:user/svc-a,2025-01-01T00:00:00+00:00\n`);
    expect(credentialReportCensus(path)).toMatchObject({ rows: 1, activeKeys: 2, activeCertificates: 2, passwords: 1, userBytes: { rows: 5, activeKeys: 10 } });
  });

  it("has nothing to say of a file without a header line, a folder or a missing file (the reader says what is wrong)", () => {
    expect(credentialReportCensus(write("empty.csv", ""))).toBeUndefined();
    expect(credentialReportCensus(dir)).toBeUndefined();
    expect(credentialReportCensus(join(dir, "missing.csv"))).toBeUndefined();
  });
});
