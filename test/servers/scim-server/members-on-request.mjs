// The test server as an app whose Group.members is "returned": "request"
// (SCIM_SERVER_MODE=members-on-request), in front of the same scimmy store. RFC 7643 section 7:
// such an attribute is "returned only if ... specified in the attributes parameter" (RFC 7644
// section 3.4.2.5). Keycloak's SCIM API does so since 26.6: "Make sure Group#members attribute is
// only returned if requested to avoid fetching all memberships"
// (https://github.com/keycloak/keycloak/pull/47636), and "GET .../Schemas/urn:ietf:params:scim:schemas:core:2.0:Group
// returns "returned": "request" for members" (https://github.com/keycloak/keycloak/discussions/54267).
// So here: every group answer (GET /Groups, GET /Groups/{id}, and a write's answer, which RFC 7644
// section 3.5.2 makes "subject to the attributes query parameter") leaves `members` out unless the
// request's `attributes` names members (or one of its sub-attributes); /Schemas says "request".
// The store and every write are scimmy's, unchanged: the app holds the members it does not show.
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** Does the request's `attributes` name members, or a sub-attribute of it (`members.value`)? */
function asksForMembers(req) {
  const named = String(req.query.attributes ?? "").split(",").map((a) => a.trim().toLowerCase());
  return named.some((a) => a === "members" || a.startsWith("members.") || a === `${GROUP_SCHEMA.toLowerCase()}:members`);
}

function withoutMembers(resource) {
  if (!resource || typeof resource !== "object" || !("members" in resource)) return resource;
  const { members: _members, ...rest } = resource;
  return rest;
}

/** The Group schema with members (and its sub-attributes) "returned": "request". */
function requestOnly(schema) {
  if (!schema || schema.id !== GROUP_SCHEMA || !Array.isArray(schema.attributes)) return schema;
  return { ...schema, attributes: schema.attributes.map((a) => (a.name === "members" ? { ...a, returned: "request" } : a)) };
}

/** Express middleware, mounted on the SCIM base before scimmy: rewrites its JSON answers. */
export function membersOnRequest() {
  return (req, res, next) => {
    const groups = /^\/Groups(\/[^/]+)?$/.test(req.path);
    const schemas = /^\/Schemas(\/[^/]+)?$/.test(req.path);
    if (!groups && !schemas) return next();
    const json = res.json.bind(res);
    res.json = (body) => {
      if (!body || typeof body !== "object") return json(body);
      const one = schemas ? requestOnly : asksForMembers(req) ? (r) => r : withoutMembers;
      return json(Array.isArray(body.Resources) ? { ...body, Resources: body.Resources.map(one) } : one(body));
    };
    next();
  };
}
