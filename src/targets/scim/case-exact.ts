// Which mapped attributes the app compares with case: each attribute's `caseExact` in the schemas
// it serves at GET /Schemas (RFC 7644 §4; RFC 7643 §7: "For attributes that are case exact, the
// server SHALL preserve case for any value submitted. If the attribute is case insensitive, the
// server MAY alter case"). A value the app holds in another case is then a change to send where
// it declares the attribute caseExact, and the app's own form of the value where it does not.
import type { Finding } from "../../model/finding.js";
import { TargetError } from "../target-error.js";
import { ATTRIBUTES, ENTERPRISE, USER_SCHEMA, type Slot } from "./mapping.js";
import type { ScimSession } from "./session.js";

interface AttributeDeclaration { name?: unknown; caseExact?: unknown; subAttributes?: unknown }

/** What a read learnt from /Schemas: the declarations, and a finding where the answer could not be used. */
export interface CaseExactRead {
  declared?: Record<string, boolean>;
  finding?: Finding;
}

/**
 * The `caseExact` the app declares for each mapped attribute, by scopesync name, sorted. None when
 * it serves no /Schemas (404, or 501 Not Implemented, which RFC 7644 §3.12 gives for an operation a
 * server does not support): RFC 7643's own values hold then (model/attribute-values.ts). An answer
 * that cannot be used (another refusal, or not a list of schemas) keeps those values too, and is
 * said: the read itself is sound, only the comparison falls back. A 429 or 5xx fails the read, to
 * be retried as any page is. An attribute the schemas leave out, or declare without a boolean
 * `caseExact`, is left out.
 */
export async function declaredCaseExact(session: ScimSession): Promise<CaseExactRead> {
  let body: unknown;
  try {
    ({ body } = await session.http("GET", "/Schemas"));
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    // 501 first: the HTTP layer takes every 5xx for a fault worth retrying, but this one says "never".
    if (error.details.status === 404 || error.details.status === 501) return {};
    if (error.retryable) throw error;
    return { finding: unusable(session.target, error.bare) };
  }
  const schemas = schemaList(body);
  if (schemas === undefined) return { finding: unusable(session.target, "scim GET /Schemas: the answer is neither a ListResponse of schemas nor a list of them (RFC 7644 §4)") };
  const byId = new Map<string, readonly AttributeDeclaration[]>();
  for (const schema of schemas) {
    const s = schema as { id?: unknown; attributes?: unknown } | null;
    if (typeof s?.id === "string" && Array.isArray(s.attributes)) byId.set(s.id.toLowerCase(), s.attributes as AttributeDeclaration[]);
  }
  const out: Record<string, boolean> = {};
  for (const name of Object.keys(ATTRIBUTES).sort()) {
    const declared = caseExactOf(byId, ATTRIBUTES[name]!);
    if (declared !== undefined) out[name] = declared;
  }
  return Object.keys(out).length > 0 ? { declared: out } : {};
}

function unusable(target: string, what: string): Finding {
  return {
    rule: "scim-schemas-unread",
    severity: "info",
    message: `target "${target}": the app's schemas could not be read (${what}); account attributes are compared as RFC 7643 declares them (every mapped attribute but externalId without case), not as the app may declare them`,
    remediation: "none needed unless the app keeps the case of an attribute RFC 7643 makes caseExact: false; then ask the app's vendor to serve /Schemas (RFC 7644 §4)",
  };
}

/** The schemas of a ListResponse (RFC 7644 §4), or of a bare list, as some apps answer. */
function schemaList(body: unknown): readonly unknown[] | undefined {
  if (Array.isArray(body)) return body;
  const resources = (body as { Resources?: unknown } | null)?.Resources;
  return Array.isArray(resources) ? resources : undefined;
}

/** Where a slot is declared: its schema's id and the attribute path in it (names compare without case, RFC 7643 §2.1). */
function caseExactOf(byId: ReadonlyMap<string, readonly AttributeDeclaration[]>, slot: Slot): boolean | undefined {
  const [schema, path] =
    slot.kind === "core" ? [USER_SCHEMA, slot.path as readonly string[]] : slot.kind === "enterprise" ? [ENTERPRISE, [slot.key]] : [USER_SCHEMA, ["emails", "value"]];
  let attributes: unknown = byId.get(schema.toLowerCase());
  let found: AttributeDeclaration | undefined;
  for (const part of path) {
    found = Array.isArray(attributes) ? (attributes as AttributeDeclaration[]).find((a) => typeof a?.name === "string" && a.name.toLowerCase() === part.toLowerCase()) : undefined;
    if (found === undefined) return undefined;
    attributes = found.subAttributes;
  }
  return typeof found?.caseExact === "boolean" ? found.caseExact : undefined;
}
