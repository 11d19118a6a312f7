// A guest: a person the directory holds who is not of the organisation. Entra marks an invited
// B2B user `userType: Guest` ("Guest" for "a user who is external to the organization",
// learn.microsoft.com/graph/api/resources/user: userType), whom the entra source gives
// employmentType `guest` whatever its employeeType says; another source may give the word from
// its own user type. Such a person is active and may own NHIs, but nobody the organisation
// employs answers for what they own (nhi-owner-guest).
import type { Identity } from "./identity.js";

/** Whether the person's employment type, as the sources merged it, is (or includes) `guest`. */
export function isGuest(identity: Identity): boolean {
  const type = identity.attributes["employmentType"];
  return Array.isArray(type) ? type.some((t) => String(t).toLowerCase() === "guest") : typeof type === "string" && type.toLowerCase() === "guest";
}
