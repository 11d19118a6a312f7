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
// - ListUsers and ListGroups: "does not support ... startIndex", "A maximum of 100 results can be
//   returned per page", `count` "Valid Range: Minimum value of 1. Maximum value of 100. Default:
//   100". Without `cursor` the answer is "non-paginated (with totalResults, startIndex, and
//   itemsPerPage fields)": the first `count` resources, and totalResults is the number returned,
//   as observed in awslabs/ssosync#1 (`count=10&startIndex=1` answered totalResults 10 on a
//   directory with many more users) and as the documented `members.value` example shows
//   (totalResults 100, itemsPerPage 100). With `cursor` ("The first request made with cursor must
//   be empty (eg. https://.../Users?cursor)") the answer has "itemsPerPage and nextCursor fields",
//   nextCursor only while "additional pages are available"; a cursor outside
//   "[-a-zA-Z0-9+=/:_]*", or a filter "changed between pagination requests", is a
//   ValidationException (400)
//   (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html, listgroups.html).
//   Users filter on userName and externalId, groups on displayName and externalId (eq only).
// `cursorShape` (a fault, faults.mjs) makes the cursor paging misbehave as apps that claim it do,
// each a shape a client must not take for the whole list: `ignored`, the cursor is not looked at
// and the answer is the first `count` resources with totalResults their number, without
// startIndex or nextCursor (an app that pages neither way, capped, reporting the page's size);
// `ends-early`, the first page comes without nextCursor although totalResults counts them all;
// `page-total`, every cursor page says totalResults is its own size (as awslabs/ssosync#1 saw AWS
// report it for index pages); `repeats`, every cursor is new but answers the first page again.
// The newer `members.value eq "U"` filter (paged with a cursor) is not served: the client asks the
// documented id-and-member pair only.
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

const quoted = String.raw`"((?:[^"\\]|\\.)*)"`;
const ID_AND_MEMBER = new RegExp(String.raw`^\s*id\s+eq\s+${quoted}\s+and\s+members\s+eq\s+${quoted}\s*$`, "i");
const MEMBER_AND_ID = new RegExp(String.raw`^\s*members\s+eq\s+${quoted}\s+and\s+id\s+eq\s+${quoted}\s*$`, "i");
const SINGLE = new RegExp(String.raw`^\s*(displayName|externalId)\s+eq\s+${quoted}\s*$`, "i");

const unquote = (s) => JSON.parse(`"${s}"`);
const USER_FILTER = new RegExp(String.raw`^\s*(userName|externalId)\s+eq\s+${quoted}\s*$`, "i");
const CURSOR = /^[-a-zA-Z0-9+=/:_]*$/;

/** The resources a supported `attr eq "value"` filter selects (userName and displayName compare case-insensitively); null: unsupported. */
function filtered(list, filter, pattern) {
  if (filter === undefined) return list;
  const m = pattern.exec(filter);
  if (!m) return null;
  const attr = Object.keys(list[0] ?? {}).find((k) => k.toLowerCase() === m[1].toLowerCase()) ?? m[1];
  const value = unquote(m[2]);
  const ci = /^(userName|displayName)$/i.test(attr);
  return list.filter((r) => typeof r[attr] === "string" && (ci ? r[attr].toLowerCase() === value.toLowerCase() : r[attr] === value));
}

/** A cursor: where the next page starts, and the filter it belongs to (opaque to the client). */
const encodeCursor = (offset, filter) => Buffer.from(JSON.stringify([offset, filter ?? null])).toString("base64url");
function decodeCursor(cursor) {
  try {
    const [offset, filter] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Number.isInteger(offset) && offset >= 0 ? { offset, filter: filter ?? undefined } : undefined;
  } catch {
    return undefined;
  }
}

/** GET /Users or /Groups as a list: startIndex ignored, at most 100, by cursor when asked. */
function listAnswer(req, res, list, shape = "") {
  const count = req.query.count === undefined ? 100 : Number(req.query.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) return validation(res, `count must be between 1 and 100`);
  const filter = typeof req.query.filter === "string" ? req.query.filter : undefined;
  if (req.query.cursor === undefined) {
    const page = list.slice(0, count);
    return send(res, 200, { totalResults: page.length, itemsPerPage: page.length, startIndex: 1, schemas: [LIST], Resources: page });
  }
  if (shape === "ignored") {
    const page = list.slice(0, count);
    return send(res, 200, { totalResults: page.length, itemsPerPage: page.length, schemas: [LIST], Resources: page });
  }
  const cursor = String(req.query.cursor);
  if (!CURSOR.test(cursor)) return validation(res, "cursor does not match [-a-zA-Z0-9+=/:_]*");
  const at = cursor === "" ? { offset: 0, filter } : decodeCursor(cursor);
  if (!at) return validation(res, "invalid cursor");
  if (at.filter !== filter) return validation(res, "filter parameters changed between pagination requests");
  const from = shape === "repeats" ? 0 : at.offset;
  const page = list.slice(from, from + count);
  const more = shape !== "ends-early" && at.offset + count < list.length;
  const total = shape === "page-total" ? { totalResults: page.length } : shape === "ends-early" ? { totalResults: list.length } : {};
  return send(res, 200, { ...total, itemsPerPage: page.length, ...(more ? { nextCursor: encodeCursor(at.offset + count, filter) } : {}), schemas: [LIST], Resources: page });
}

function send(res, status, body) {
  res.status(status).type("application/scim+json").send(JSON.stringify(body));
}

function validation(res, detail) {
  send(res, 400, { schemas: [ERROR], status: "400", detail: `ValidationException: ${detail}` });
}

/** Express middleware, mounted on the SCIM base after auth-free counters and faults, before scimmy. */
export function awsIdentityCenter({ store, authorised, faults }) {
  return (req, res, next) => {
    const isGroups = req.path === "/Groups";
    const isGroup = /^\/Groups\/[^/]+$/.test(req.path);
    if (req.method === "GET" && req.path === "/Users") {
      if (!authorised(req)) return send(res, 401, { schemas: [ERROR], status: "401", detail: "UnauthorizedException" });
      const users = filtered(store.list("Users"), typeof req.query.filter === "string" ? req.query.filter : undefined, USER_FILTER);
      return users ? listAnswer(req, res, users, faults?.plan.cursorShape) : validation(res, `unsupported filter: ${req.query.filter}`);
    }
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
    if (req.method === "GET" && isGroups) {
      const groups = filtered(store.list("Groups"), typeof req.query.filter === "string" ? req.query.filter : undefined, SINGLE);
      return listAnswer(req, res, groups.map((g) => ({ ...g, members: [] })));
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
