// The rbac-scoping area: authorization is per logical cluster. A grant in one workspace gives
// nothing in another (not in a sibling, not in a child, not even discovery); a user needs the
// non-resource verb `access` on `/` in a workspace before its RBAC applies there; the creator of
// a workspace is its admin; service accounts count as themselves only in their own workspace;
// only system:masters may read across clusters or impersonate special groups; and access
// reviews answer what enforcement does. Users are the run's test users (ctx.users), each test
// granting them things only in workspaces it created, except the one root binding that the
// metrics test removes again.
export const AREA = 'rbac-scoping';
