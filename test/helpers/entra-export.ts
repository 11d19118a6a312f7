// One Entra user, Barbara, as Graph's `GET /users?$select=…` returns her (the properties the entra
// source's hint asks for: https://learn.microsoft.com/en-us/graph/api/resources/user), beside the
// scenario base's HR source: the repository files for a plan that reads both.

/** Barbara's hire and leave dates (Graph's employeeHireDate, employeeLeaveDateTime) and her object id. */
export interface EntraUserDates {
  id: string;
  employeeHireDate: string;
  employeeLeaveDateTime: string | null;
}

/** The `entra.json` export: one user page, Graph's @odata.context naming the $select. */
export function entraExport(dates: EntraUserDates): string {
  const users = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,mail,proxyAddresses,givenName,surname,displayName,accountEnabled,employeeId,employeeType,department,jobTitle,userType,onPremisesImmutableId,employeeHireDate,employeeLeaveDateTime)",
    value: [
      {
        id: dates.id,
        userPrincipalName: "barbara@corp.example",
        mail: "barbara@corp.example",
        givenName: "Barbara",
        surname: "Liskov",
        displayName: "Barbara Liskov",
        accountEnabled: true,
        proxyAddresses: ["SMTP:barbara@corp.example"],
        employeeId: null,
        employeeType: "Employee",
        department: "Engineering",
        jobTitle: "Engineer",
        userType: "Member",
        onPremisesImmutableId: null,
        employeeHireDate: dates.employeeHireDate,
        employeeLeaveDateTime: dates.employeeLeaveDateTime,
      },
    ],
  };
  return JSON.stringify(users, null, 2);
}

/** scopesync.yaml of the scenario base's HR source plus an entra source reading entra.json, one file target. */
export const HR_AND_ENTRA_CONFIG = `version: 1
organisation: scenario
sources:
  hr:
    type: csv
    path: hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId]
    options:
      exportedAt: "2026-11-26T06:00:00Z"
  entra:
    type: entra
    path: entra.json
    options:
      exportedAt: "2026-11-26T06:00:00Z"
targets:
  app:
    type: file
    path: state/app.json
    runAs: scopesync-bot
`;
