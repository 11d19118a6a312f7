// The test server as an app that ignores paging (SCIM_SERVER_MODE=unpaged), in front of the same
// scimmy store: GET /Users and GET /Groups without a filter answer every resource, whatever
// startIndex and count say, with totalResults and itemsPerPage the number given and startIndex 1.
// WSO2 IS did so: "Pagination is not working without 'filter' in SCIM2 ... Expected result:
// Retrieve 10 users ... starting from index 2. Current result: Retrieve all users across all user
// stores" for `/scim2/Users?startIndex=2&count=10` (https://github.com/wso2/product-is/issues/4601);
// GitLab's SCIM API did until "Paginates SCIM results using count and startIndex"
// (https://gitlab.com/gitlab-org/gitlab/merge_requests/14892). Filtered lists, single resources and
// writes go on to scimmy (WSO2's bug was in the unfiltered list).
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

function send(res, status, body) {
  res.status(status).type("application/scim+json").send(JSON.stringify(body));
}

/** Express middleware, mounted on the SCIM base after counters and faults, before scimmy. */
export function unpaged({ store, authorised }) {
  return (req, res, next) => {
    const kind = req.path === "/Users" ? "Users" : req.path === "/Groups" ? "Groups" : undefined;
    if (req.method !== "GET" || !kind || req.query.filter !== undefined) return next();
    if (!authorised(req)) return send(res, 401, { schemas: [ERROR], status: "401", detail: "Authorization failed" });
    const all = store.list(kind);
    return send(res, 200, { schemas: [LIST], totalResults: all.length, itemsPerPage: all.length, startIndex: 1, Resources: all });
  };
}
