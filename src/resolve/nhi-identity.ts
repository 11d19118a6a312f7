import type { NhiDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { AttributeValue, Identity } from "../model/identity.js";
import type { Provenance } from "../model/source-record.js";
import { NO_STRINGS } from "../model/shared-lists.js";
import { joined } from "../model/joined.js";

/** A ServiceAccount or Agent file becomes an identity; its anchor is "nhi:<id>". */
export function nhiIdentity(doc: Located<NhiDoc>): Identity {
  const v = doc.value;
  const at = (path: (string | number)[]): Provenance => {
    const p = doc.locate(path);
    return { source: "file", at: joined(doc.file, ":", p.line, ":", p.col) };
  };
  const attributes: Record<string, AttributeValue> = { userName: v.id, kind: v.kind === "Agent" ? "agent" : "service-account" };
  const provenance: Record<string, Provenance> = { userName: at(["id"]) };
  for (const key of ["displayName", "owner", "environment", "purpose", "expiresAt", "model"] as const) {
    const value = v[key];
    if (value !== undefined) {
      attributes[key] = value;
      provenance[key] = at([key]);
    }
  }
  attributes.interactiveLogin = v.interactiveLogin ?? false;
  for (const [key, value] of Object.entries(v.attributes ?? {})) {
    attributes[key] = String(value);
    provenance[key] = at(["attributes", key]);
  }
  attributes.status = v.status ?? "active";
  return {
    id: v.id,
    kind: v.kind === "Agent" ? "agent" : "service-account",
    anchor: joined("nhi:", v.id),
    records: NO_STRINGS,
    aliases: NO_STRINGS,
    status: v.status === "disabled" ? "disabled" : "active",
    attributes,
    provenance,
    breakGlass: v.breakGlass ?? false,
    ...(v.owner ? { owner: v.owner } : {}),
    ...(v.expiresAt ? { expiresAt: v.expiresAt } : {}),
    credentials: v.credentials ?? [],
    ...(v.formerIds ? renamedFrom(v.formerIds) : {}),
    definedAt: joined(doc.file, ":", doc.line),
  };
}

/**
 * A renamed NHI's earlier ids: the accounts targets marked with their anchors are its own (and are
 * re-marked), as are the logins the base's file gave it, and files naming them name it.
 */
function renamedFrom(ids: readonly string[]): Pick<Identity, "formerIds" | "formerAnchors"> {
  const sorted = [...new Set(ids)].sort();
  return { formerIds: sorted, formerAnchors: sorted.map((id) => `nhi:${id}`) };
}
