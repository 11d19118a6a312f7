// Apps that take no PATCH write a user with PUT: the whole resource, as it should be after the
// change (RFC 7644 §3.5.1). ServiceProviderConfig says so with `patch.supported: false` (RFC 7643
// §5): authentik's SCIM source does, and answers a PATCH "405 Method PATCH not allowed"
// (goauthentik/authentik#13386, #11249). Sent as PATCH there, a leaver's disable failed on every
// run and the account stayed active. The operations scopesync would PATCH are applied here to the
// user as the app just answered it (a fresh GET), and that user goes back whole.
import { ENTERPRISE, type PatchOperation, type ScimUser } from "./mapping.js";

/** Attributes the app writes itself (RFC 7643 `mutability: readOnly`): never sent back. */
const READ_ONLY = ["meta", "groups"];

/**
 * `user` with `operations` applied, for a PUT: each operation names a top-level attribute
 * (`active`, `emails`, `userName`), a sub-attribute (`name.givenName`) or an enterprise one
 * (`urn:…:enterprise:2.0:User:department`), as userOperations and setActive write them.
 */
export function putBody(user: ScimUser, operations: readonly PatchOperation[]): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(user)) as Record<string, unknown>;
  for (const key of READ_ONLY) delete body[key];
  for (const operation of operations) {
    const [holder, leaf] = slotOf(body, operation.path);
    if (operation.op === "remove") delete holder[leaf];
    else holder[leaf] = operation.value;
  }
  const schemas = Array.isArray(body.schemas) ? (body.schemas as string[]) : [];
  if (body[ENTERPRISE] !== undefined && !schemas.includes(ENTERPRISE)) body.schemas = [...schemas, ENTERPRISE];
  return body;
}

/** The object that holds the attribute a path names, and its key there (made when missing). */
function slotOf(body: Record<string, unknown>, path: string): [Record<string, unknown>, string] {
  const child = (key: string): Record<string, unknown> => {
    const value = body[key];
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    const made: Record<string, unknown> = {};
    body[key] = made;
    return made;
  };
  if (path.startsWith(`${ENTERPRISE}:`)) return [child(ENTERPRISE), path.slice(ENTERPRISE.length + 1)];
  const dot = path.indexOf(".");
  return dot < 0 ? [body, path] : [child(path.slice(0, dot)), path.slice(dot + 1)];
}
