import { describe, expect, it } from "vitest";
import type { CredentialDoc } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import type { PolicyRepo } from "../../src/model/policy-repo.js";
import { nhiInventory, nhiSummary } from "../../src/policy/nhi-inventory.js";

// The inventory's figures are counted in one pass as each row is made (the plan keeps no rows).
// Here they are held to the rows themselves, counted the plain way, on a seeded mix of every
// case the counting branches on.

const NOW = Date.parse("2026-12-01T09:00:00Z");
const DAY = 86_400_000;
const repo = { ruleSets: [] } as unknown as PolicyRepo;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const dateDaysAgo = (days: number): string => new Date(NOW - days * DAY).toISOString().slice(0, 10);

function identity(fields: Partial<Identity> & Pick<Identity, "id" | "kind">): Identity {
  return { anchor: `nhi:${fields.id}`, records: [], aliases: [], status: "active", attributes: {}, provenance: {}, breakGlass: false, ...fields };
}

function organisation(seed: number): Identity[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const people = ["ada", "bob", "cy", "dee"].map((id, k) => identity({ id, kind: "person", status: k === 3 ? "terminated" : "active" }));
  const nhis: Identity[] = [];
  for (let n = 0; n < 300; n++) {
    const credentials: CredentialDoc[] = [];
    const count = Math.floor(next() * 4);
    for (let c = 0; c < count; c++) {
      credentials.push({
        id: `key-${n}-${c}`,
        type: "api-key",
        issuedAt: dateDaysAgo(Math.floor(next() * 700)),
        ...(next() < 0.4 ? { lastRotatedAt: dateDaysAgo(Math.floor(next() * 200)) } : {}),
        ...(next() < 0.5 ? { lastUsedAt: dateDaysAgo(Math.floor(next() * 200)) } : next() < 0.5 ? { neverUsed: true as const } : {}),
        ...(next() < 0.3 ? { expiresAt: dateDaysAgo(-30) } : {}),
        ...(next() < 0.2 ? { status: pick(["inactive", "disabled", "active"] as const) } : {}),
        ...(next() < 0.1 ? { managedBy: "system" as const } : {}),
        ...(next() < 0.5 ? { discoveredBy: "aws" } : {}),
      });
    }
    const owner = pick([undefined, "ada", "bob", "dee", "gone-person", "svc-0"]);
    nhis.push(
      identity({
        id: `svc-${n}`,
        kind: pick(["service-account", "agent"] as const),
        credentials,
        ...(owner ? { owner } : {}),
        ...(next() < 0.5 ? { definedAt: `identities/svc-${n}.yaml:1` } : { discoveredBy: ["aws"] }),
        ...(next() < 0.1 ? { attributes: { platformManaged: true } } : {}),
        ...(next() < 0.1 ? { notFoundIn: ["aws:svc"] } : {}),
      }),
    );
  }
  return [...people, ...nhis];
}

describe("NHI inventory figures", () => {
  for (const seed of [1, 7, 42]) {
    it(`counts what its rows hold (seed ${seed})`, () => {
      const identities = organisation(seed);
      const { rows, ...summary } = nhiInventory(repo, identities, NOW, false);
      const credentials = rows.flatMap((r) => r.credentials);
      const owners = [...new Set(rows.map((r) => r.owner ?? "(none)"))];
      const ofOwner = (owner: string) => rows.filter((r) => (r.owner ?? "(none)") === owner);
      const active = (r: (typeof rows)[number]) => r.owner !== undefined && r.ownerGone === undefined && r.ownerUnknown === undefined;
      // Every case is present, or the comparison below proves little.
      expect(summary.platformManaged).toBeGreaterThan(0);
      expect(summary.notFound).toBeGreaterThan(0);
      expect(credentials.some((c) => c.unused) && credentials.some((c) => !c.rotatedWithinPolicy) && credentials.some((c) => c.expiresAt)).toBe(true);
      expect(rows.some((r) => r.ownerGone) && rows.some(active)).toBe(true);
      expect(summary).toEqual({
        maxAge: "90d",
        maxUnused: "90d",
        nhis: rows.length,
        declared: rows.filter((r) => r.declared).length,
        undeclared: rows.filter((r) => !r.declared).length,
        notFound: identities.filter((i) => i.notFoundIn?.length).length,
        platformManaged: identities.filter((i) => i.kind !== "person" && i.attributes.platformManaged === true && i.definedAt === undefined).length,
        withActiveOwner: rows.filter(active).length,
        credentials: credentials.length,
        rotatedWithinPolicy: credentials.filter((c) => c.rotatedWithinPolicy).length,
        unused: credentials.filter((c) => c.unused).length,
        neverExpire: credentials.filter((c) => c.expiresAt === undefined).length,
        ageBuckets: [0, 1, 2, 3].map((b) => credentials.filter((c) => (c.ageDays <= 30 ? 0 : c.ageDays <= 90 ? 1 : c.ageDays <= 365 ? 2 : 3) === b).length),
        byOwner: owners
          .map((owner) => {
            const mine = ofOwner(owner);
            const held = mine.flatMap((r) => r.credentials);
            return { owner, active: active(mine[0]!), ...(mine[0]!.ownerUnknown ? { unknown: true } : {}), nhis: mine.length, credentials: held.length, notRotated: held.filter((c) => !c.rotatedWithinPolicy).length, unused: held.filter((c) => c.unused).length };
          })
          .sort((a, b) => (a.active === b.active ? (a.owner < b.owner ? -1 : 1) : a.active ? 1 : -1)),
      });
      // The plan's figures are the report's, without making the rows.
      expect(nhiSummary(repo, identities, NOW, new Map(identities.map((i) => [i.id, i])), false)).toEqual(summary);
    });
  }
});
