export { startGithubFake, type Fault, type FaultKind, type GithubFake, type LoggedRequest } from "./server.js";
export { FakeOrg, type OrgRole, type TeamRole } from "./state.js";
export { FakePullRequests, sha, type FakeCheckRun, type FakeComment, type FakePull } from "./pulls-state.js";
export { samlOf, type FakeSaml, type FakeSamlIdentity } from "./handlers-graphql.js";
