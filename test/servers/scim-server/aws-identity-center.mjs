// The test server answering groups as AWS IAM Identity Center's SCIM implementation documents
// (SCIM_SERVER_MODE=aws-identity-center), in front of the same scimmy store:
// - "GetGroup and ListGroups return an empty member list. To see group info for a certain member,
//   call ListGroups with a member filter": GET /Groups and GET /Groups/{id} answer `members: []`
//   (https://docs.aws.amazon.com/singlesignon/latest/developerguide/getgroup.html).
// - "Supported filter combinations: (displayName), (externalId), (id and member), and (member and
//   id)", operator eq only, `<filterAttribute> eq "<filterValue>"`; the example is
//   `GET /Groups?filter=id eq "G" and members eq "U"`, answered with that group (members: []), else
//   an empty list; ResourceNotFoundException (404) "when filter querying with a nonexisting
//   member"; ValidationException (400) for anything it does not support
//   (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html).
// - PatchGroup answers "HTTP/1.1 204" with no body
//   (https://docs.aws.amazon.com/singlesignon/latest/developerguide/patchgroup.html).
// The newer `members.value eq "U"` filter (paged with a cursor) is not served: the client asks the
// documented id-and-member pair only.
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

const quoted = String.raw`"((?:[^"\\]|\\.)*)"`;
const ID_AND_MEMBER = new RegExp(String.raw`^\s*id\s+eq\s+${quoted}\s+and\s+members\s+eq\s+${quoted}\s*$`, "i");
const MEMBER_AND_ID = new RegExp(String.raw`^\s*members\s+eq\s+${quoted}\s+and\s+id\s+eq\s+${quoted}\s*$`, "i");
const SINGLE = new RegExp(String.raw`^\s*(displayName|externalId)\s+eq\s+${quoted}\s*$`, "i");

const unquote = (s) => JSON.parse(`"${s}"`);

function send(res, status, body) {
  res.status(status).type("application/scim+json").send(JSON.stringify(body));
}

function validation(res, detail) {
  send(res, 400, { schemas: [ERROR], status: "400", detail: `ValidationException: ${detail}` });
}

/** Express middleware, mounted on the SCIM base after auth-free counters and faults, before scimmy. */
export function awsIdentityCenter({ store, authorised }) {
  return (req, res, next) => {
    const isGroups = req.path === "/Groups";
    const isGroup = /^\/Groups\/[^/]+$/.test(req.path);
    if (!isGroups && !isGroup) return next();
    // scimmy's router checks the token for what reaches it; what is answered here checks it too.
    if (!authorised(req)) return send(res, 401, { schemas: [ERROR], status: "401", detail: "UnauthorizedException" });

    if (req.method === "GET" && isGroups && typeof req.query.filter === "string") {
      const filter = req.query.filter;
      const pair = ID_AND_MEMBER.exec(filter) ?? MEMBER_AND_ID.exec(filter);
      if (pair) {
        const [groupId, userId] = ID_AND_MEMBER.test(filter) ? [unquote(pair[1]), unquote(pair[2])] : [unquote(pair[2]), unquote(pair[1])];
        if (!store.current("Users", userId)) return send(res, 404, { schemas: [ERROR], status: "404", detail: `ResourceNotFoundException: member ${userId} not found` });
        const group = store.current("Groups", groupId);
        const member = group && (group.members ?? []).some((m) => m.value === userId);
        const resources = member ? [{ ...group, members: [] }] : [];
        return send(res, 200, { totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, schemas: [LIST], Resources: resources });
      }
      if (!SINGLE.test(filter)) return validation(res, `unsupported filter: ${filter}`);
    }

    // What scimmy answers for groups goes out with empty member lists; a group PATCH as a bare 204.
    const json = res.json.bind(res);
    res.json = (body) => {
      if (req.method === "PATCH" && isGroup && res.statusCode === 200) {
        res.status(204).end();
        return res;
      }
      if (req.method !== "GET" || res.statusCode !== 200 || !body || typeof body !== "object") return json(body);
      const copy = JSON.parse(JSON.stringify(body));
      if (Array.isArray(copy.Resources)) for (const g of copy.Resources) g.members = [];
      else if (isGroup) copy.members = [];
      return json(copy);
    };
    next();
  };
}
