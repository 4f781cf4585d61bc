import type { Action } from './roles.ts';

/**
 * Who may call each HTTP route, as a table: the access matrix test (test/accessMatrix.test.ts) sends
 * every route in the OpenAPI document as every role, at its own district, a sibling district and the
 * city above, and anonymously, and compares the answer with what this table and ROLE_ACTIONS say.
 * A route missing here fails that test, so no route ships without a stated access rule.
 *
 * This table states what the server SHOULD enforce (roles.ts and docs/access.md), not what a module
 * happens to do; the matrix reports every difference.
 */

/** The kinds of record a route acts on; each lives at a territory path (属地). */
export type AccessResource =
  | 'territory'
  | 'person'
  | 'case'
  | 'hazard'
  | 'dispute'
  | 'attachment'
  | 'directive'
  | 'campaign'
  | 'patrolSite'
  | 'patrolPlan'
  | 'rosterUnit'
  | 'rosterAssignment'
  | 'rosterSwap'
  | 'spotCheck'
  | 'spotCheckItem'
  | 'accountability'
  | 'inspectionPlan'
  | 'inspectionTask'
  | 'inspectionFinding'
  | 'followup'
  | 'bulletin'
  | 'evaluationWeights'
  | 'auditEntry'
  | 'notification'
  | 'apiToken';

/**
 * Where the route finds the record it acts on:
 * - `param:X` / `query:X` / `body:X`: the id or territory code in that place;
 * - `body:location` / `query:lat,lng`: the grid at that point;
 * - `global`: a record that applies to the whole deployment (it lives at the top unit above all districts);
 * - `anywhere`: no one record: the role carrying the action anywhere is enough (the answer is scoped).
 */
export type AccessFrom = `param:${string}` | `query:${string}` | `body:${string}` | 'global' | 'anywhere';

export type RouteAccess =
  /** Anyone, no login (health, login, the resident portal, Open311). */
  | { public: true; narrower?: string }
  /** Any signed-in person; the route acts only on the caller's own things (profile, inbox, tokens). */
  | { authenticated: true }
  /** A record that belongs to one person: everyone else gets 404, whatever their role. */
  | { owner: AccessResource }
  | {
      action: Action;
      resource: AccessResource;
      from: AccessFrom;
      /**
       * The answer is a list filtered by scope, of records of this kind: a caller outside the record's
       * scope may get 200, but the list must not contain the record.
       */
      list?: AccessResource;
      /**
       * The person the record is assigned to (an inspection task's inspector, who may come from
       * another district to stay independent) reaches it whatever their scope.
       */
      assignee?: true;
      /**
       * The module narrows further than role × scope (workflow state machine, delivery to oneself, being
       * the assigned inspector…): a denial where the table allows is expected, not a false deny.
       */
      narrower?: string;
    };

const caseAct = 'the case workflow (shared/cases/stateMachine.ts) decides which roles take which step';

/** Route key = `METHOD path` with fastify's `:param` syntax. */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // health, login, people (server/modules/health, server/modules/people)
  'GET /api/health': { public: true },
  'POST /api/auth/login': { public: true },
  'POST /api/auth/logout': { public: true },
  'POST /api/auth/totp': { public: true, narrower: 'answers only the challenge of a password login that asked for a second factor' },
  'POST /api/me/password': { authenticated: true },
  'POST /api/me/totp/setup': { authenticated: true },
  'POST /api/me/totp/confirm': { authenticated: true },
  'POST /api/me/totp/disable': { authenticated: true },
  'GET /api/me': { authenticated: true },
  'GET /api/people': { action: 'people.read', resource: 'territory', from: 'query:scope', list: 'person' },
  'POST /api/people': { action: 'people.manage', resource: 'territory', from: 'body:scope' },
  'GET /api/departments': { action: 'territory.read', resource: 'territory', from: 'query:scope' },
  'GET /api/people/:id': { action: 'people.read', resource: 'person', from: 'param:id' },
  'POST /api/people/:id/disable': { action: 'people.manage', resource: 'person', from: 'param:id' },
  'POST /api/people/:id/password-reset': { action: 'people.manage', resource: 'person', from: 'param:id' },
  'GET /api/tokens': { authenticated: true },
  'POST /api/tokens': { authenticated: true },
  'DELETE /api/tokens/:id': { owner: 'apiToken' },

  // territory
  // Public by design: the resident portal finds the grid of a point (codes and names only).
  'GET /api/territory/locate': { public: true },
  'GET /api/territory/nodes/:code': { action: 'territory.read', resource: 'territory', from: 'param:code' },
  'GET /api/territory/nodes': { action: 'territory.read', resource: 'territory', from: 'query:parent' },
  'GET /api/territory/grids.geojson': { action: 'territory.read', resource: 'territory', from: 'query:within' },
  'PATCH /api/territory/nodes/:code/profile': { action: 'territory.updateProfile', resource: 'territory', from: 'param:code' },

  // audit: entries about a record are visible only inside that record's scope
  'GET /api/audit': { action: 'audit.read', resource: 'auditEntry', from: 'query:recordId', list: 'auditEntry' },

  // cases, hazards, disputes, attachments, notifications
  'GET /api/hazards': { action: 'case.read', resource: 'territory', from: 'query:scope' },
  'GET /api/hazards/export.xlsx': { action: 'case.read', resource: 'territory', from: 'query:scope' },
  'POST /api/cases/:id/hazard/plan': { action: 'case.act', resource: 'hazard', from: 'param:id', narrower: 'supervisors, leaders and dispatchers plan a rectification' },
  'POST /api/cases/:id/hazard/reinspection': { action: 'case.act', resource: 'hazard', from: 'param:id', narrower: 'inspectors, supervisors and grid leaders re-inspect, after feedback' },
  'POST /api/cases/:id/hazard/signoff': { action: 'case.act', resource: 'hazard', from: 'param:id', narrower: 'supervisors and leaders sign off, after a passed re-inspection' },
  'POST /api/cases/:id/mediation-sessions': { action: 'case.act', resource: 'dispute', from: 'param:id', narrower: caseAct },
  'POST /api/cases/:id/agreement': { action: 'case.act', resource: 'dispute', from: 'param:id', narrower: caseAct },
  'GET /api/categories': { authenticated: true },
  'POST /api/cases': { action: 'case.report', resource: 'territory', from: 'body:location' },
  'GET /api/cases': { action: 'case.read', resource: 'case', from: 'anywhere', list: 'case' },
  'POST /api/cases/public': { public: true },
  'GET /api/public/cases/:trackingCode': { public: true },
  'POST /api/uploads': { public: true, narrower: 'the resident portal uploads photos before reporting; rate-limited per address' },
  'GET /api/attachments/:sha256': { action: 'case.read', resource: 'attachment', from: 'param:sha256' },
  'GET /api/cases/:id': { action: 'case.read', resource: 'case', from: 'param:id' },
  'GET /api/cases/:id/suggested-handler': { action: 'case.read', resource: 'case', from: 'param:id' },
  'POST /api/cases/:id/actions': { action: 'case.act', resource: 'case', from: 'param:id', narrower: caseAct },
  'GET /api/cases/:id/possible-duplicates': { action: 'case.read', resource: 'case', from: 'param:id' },
  'POST /api/cases/:id/publication': { action: 'case.publish', resource: 'case', from: 'param:id' },
  'POST /api/cases/:id/merge': { action: 'case.act', resource: 'case', from: 'param:id', narrower: caseAct },
  'POST /api/cases/:id/escalate-dispute': { action: 'case.act', resource: 'dispute', from: 'param:id', narrower: caseAct },
  'POST /api/cases/:id/escalate-dispute/decision': { action: 'case.act', resource: 'dispute', from: 'param:id', narrower: 'only the leader of the level asked decides' },
  'GET /api/cases/:id/responsibility': { action: 'case.read', resource: 'case', from: 'param:id' },
  'GET /api/notifications': { authenticated: true },
  'POST /api/notifications/:id/read': { owner: 'notification' },

  // Open311 GeoReport v2: public by design (POST needs an Open311 api_key, not a login)
  'GET /open311/v2/discovery.json': { public: true },
  'GET /open311/v2/services.json': { public: true },
  'GET /open311/v2/requests.json': { public: true },
  'POST /open311/v2/requests.json': { public: true, narrower: 'needs an Open311 api_key' },
  'GET /open311/v2/discovery.xml': { public: true },
  'GET /open311/v2/services.xml': { public: true },
  'GET /open311/v2/requests.xml': { public: true },
  'POST /open311/v2/requests.xml': { public: true, narrower: 'needs an Open311 api_key' },
  'GET /open311/v2/services/:file': { public: true },
  // Anyone may ask, but only resident reports that staff marked public are found (docs/open311.md): the
  // fixture's case is a staff report, so 404 is the right answer here.
  'GET /open311/v2/requests/:file': { public: true, narrower: 'finds only resident reports marked public' },
  'GET /open311/v2/tokens/:file': { public: true, narrower: 'finds only resident reports marked public' },

  // live streams
  'GET /api/live/cases/recent': { action: 'case.read', resource: 'territory', from: 'query:scope' },
  'GET /api/live/cases': { action: 'case.read', resource: 'territory', from: 'query:scope' },
  'GET /api/live/notifications': { authenticated: true },

  // analytics and exports
  'GET /api/kpis': { action: 'kpi.read', resource: 'territory', from: 'query:scope' },
  'GET /api/kpis/cases': { action: 'kpi.read', resource: 'territory', from: 'query:scope' },
  'GET /api/kpis/export.xlsx': { action: 'kpi.read', resource: 'territory', from: 'query:scope' },
  'GET /api/kpis/export.csv': { action: 'kpi.read', resource: 'territory', from: 'query:scope' },
  'GET /api/cases/export.xlsx': { action: 'case.read', resource: 'territory', from: 'query:scope' },
  'GET /api/cases/export.csv': { action: 'case.read', resource: 'territory', from: 'query:scope' },

  // directives (通知/指令)
  'POST /api/directives': { action: 'directive.issue', resource: 'territory', from: 'body:issuingUnit' },
  'GET /api/directives': { action: 'directive.rollup', resource: 'directive', from: 'anywhere', list: 'directive' },
  'GET /api/directives/inbox': { authenticated: true },
  'GET /api/directives/:id': { action: 'directive.read', resource: 'directive', from: 'param:id', narrower: 'recipients read what was delivered to them' },
  'POST /api/directives/:id/sign': { action: 'directive.sign', resource: 'directive', from: 'param:id', narrower: 'only a recipient signs' },
  'POST /api/directives/:id/report': { action: 'directive.report', resource: 'directive', from: 'param:id', narrower: 'only a receiving unit\'s responsible person reports' },
  'POST /api/directives/:id/supplements': { action: 'directive.issue', resource: 'directive', from: 'param:id', narrower: 'a unit adds requirements to what it received' },
  'GET /api/directives/:id/rollup': { action: 'directive.rollup', resource: 'directive', from: 'param:id' },
  'GET /api/directives/:id/escalations': { action: 'directive.rollup', resource: 'directive', from: 'param:id' },

  // campaigns (专项行动)
  'POST /api/campaigns': { action: 'campaign.manage', resource: 'territory', from: 'body:territoryCode' },
  'GET /api/campaigns': { action: 'campaign.read', resource: 'campaign', from: 'anywhere', list: 'campaign' },
  'GET /api/campaigns/:id': { action: 'campaign.read', resource: 'campaign', from: 'param:id' },
  'POST /api/campaigns/:id/clone': { action: 'campaign.manage', resource: 'campaign', from: 'param:id' },
  'POST /api/campaigns/:id/daily-reports': { action: 'campaign.report', resource: 'territory', from: 'body:gridCode' },
  'GET /api/campaigns/:id/daily-reports/status': { action: 'campaign.read', resource: 'campaign', from: 'param:id' },
  'GET /api/campaigns/:id/dashboard': { action: 'campaign.read', resource: 'campaign', from: 'param:id' },

  // patrols
  'POST /api/patrols/sites': { action: 'patrol.manage', resource: 'territory', from: 'body:location' },
  'GET /api/patrols/sites': { action: 'patrol.read', resource: 'territory', from: 'query:scope' },
  'PATCH /api/patrols/sites/:id': { action: 'patrol.manage', resource: 'patrolSite', from: 'param:id' },
  'GET /api/patrols/sites/:id/qr': { action: 'patrol.manage', resource: 'patrolSite', from: 'param:id' },
  'POST /api/patrols/plans': { action: 'patrol.manage', resource: 'territory', from: 'body:scopeCode' },
  'GET /api/patrols/plans': { action: 'patrol.read', resource: 'territory', from: 'query:scope' },
  'GET /api/patrols/plans/:id': { action: 'patrol.read', resource: 'patrolPlan', from: 'param:id' },
  'GET /api/patrols/my-route': { authenticated: true },
  'POST /api/patrols/checkin': { action: 'patrol.checkin', resource: 'patrolSite', from: 'body:siteId', narrower: 'a check-in needs presence (QR or GPS) and a worker of the site\'s grid' },
  'POST /api/patrols/checkins': { action: 'patrol.checkin', resource: 'patrolSite', from: 'body:checkins', narrower: 'a check-in needs presence (QR or GPS) and a worker of the site\'s grid' },
  'GET /api/patrols/compliance': { action: 'patrol.read', resource: 'territory', from: 'query:scope' },
  'GET /api/patrols/uncovered': { action: 'patrol.read', resource: 'territory', from: 'query:scope' },

  // duty rosters
  'POST /api/rosters/units': { action: 'roster.manage', resource: 'territory', from: 'body:territoryCode' },
  'GET /api/rosters/units': { action: 'roster.read', resource: 'territory', from: 'query:scope' },
  'GET /api/rosters/units/:unitId': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId' },
  'POST /api/rosters/units/:unitId/templates': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'PUT /api/rosters/units/:unitId/templates/:templateId': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'POST /api/rosters/units/:unitId/templates/:templateId/retire': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'PUT /api/rosters/units/:unitId/members': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'DELETE /api/rosters/units/:unitId/members/:userId': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'DELETE /api/rosters/units/:unitId/unavailability/:id': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'GET /api/rosters/units/:unitId/swaps': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId' },
  'POST /api/rosters/units/:unitId/swaps': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId', narrower: 'only the person on the shift (or a roster manager) asks to swap it' },
  'POST /api/rosters/units/:unitId/unavailability': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'POST /api/rosters/units/:unitId/generate': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'GET /api/rosters/units/:unitId/assignments': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId' },
  'POST /api/rosters/units/:unitId/assignments': { action: 'roster.manage', resource: 'rosterUnit', from: 'param:unitId' },
  'DELETE /api/rosters/assignments/:id': { action: 'roster.manage', resource: 'rosterAssignment', from: 'param:id' },
  'POST /api/rosters/swaps/:swapId/decide': { action: 'roster.manage', resource: 'rosterSwap', from: 'param:swapId' },
  'GET /api/rosters/units/:unitId/on-duty': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId' },
  'GET /api/rosters/on-duty': { action: 'roster.read', resource: 'territory', from: 'query:scope' },
  'GET /api/rosters/units/:unitId/export.xlsx': { action: 'roster.read', resource: 'rosterUnit', from: 'param:unitId' },

  // supervision: spot checks and accountability
  'GET /api/spotchecks/preview': { action: 'spotcheck.manage', resource: 'territory', from: 'query:scope' },
  'POST /api/spotchecks': { action: 'spotcheck.manage', resource: 'territory', from: 'body:scope' },
  'GET /api/spotchecks': { action: 'spotcheck.manage', resource: 'territory', from: 'query:scope' },
  'GET /api/spotchecks/mine': { authenticated: true },
  'GET /api/spotchecks/:id': { action: 'spotcheck.manage', resource: 'spotCheck', from: 'param:id' },
  'POST /api/spotchecks/items/:id/result': { action: 'spotcheck.record', resource: 'spotCheckItem', from: 'param:id', assignee: true, narrower: 'only the assigned inspector records' },
  'POST /api/accountability/generate': { action: 'accountability.decide', resource: 'territory', from: 'body:scope' },
  'GET /api/accountability': { action: 'accountability.read', resource: 'territory', from: 'query:scope' },
  'GET /api/accountability/history': { action: 'accountability.read', resource: 'territory', from: 'query:scope' },
  'POST /api/accountability/:id/decision': { action: 'accountability.decide', resource: 'accountability', from: 'param:id' },

  // inspections (明察暗访)
  'POST /api/inspections/templates': { action: 'inspection.manage', resource: 'territory', from: 'body:scope' },
  'GET /api/inspections/templates': { action: 'inspection.read', resource: 'territory', from: 'query:scope' },
  'POST /api/inspections/plans': { action: 'inspection.manage', resource: 'territory', from: 'body:scope' },
  'GET /api/inspections/plans': { action: 'inspection.read', resource: 'territory', from: 'query:scope' },
  'GET /api/inspections/plans/:id': { action: 'inspection.read', resource: 'inspectionPlan', from: 'param:id', assignee: true },
  'POST /api/inspections/plans/:id/tasks': { action: 'inspection.manage', resource: 'inspectionPlan', from: 'param:id' },
  'GET /api/inspections/candidates': { action: 'inspection.manage', resource: 'territory', from: 'query:scope' },
  'GET /api/inspections/targets': { action: 'inspection.manage', resource: 'territory', from: 'query:scope' },
  'GET /api/inspections/tasks/mine': { authenticated: true },
  'GET /api/inspections/tasks/:id': { action: 'inspection.read', resource: 'inspectionTask', from: 'param:id', assignee: true },
  'POST /api/inspections/tasks/:id/results': { action: 'inspection.record', resource: 'inspectionTask', from: 'param:id', assignee: true, narrower: 'only the assigned inspector records' },
  'POST /api/inspections/tasks/:id/findings': { action: 'inspection.record', resource: 'inspectionTask', from: 'param:id', assignee: true, narrower: 'only the assigned inspector records' },
  'POST /api/inspections/findings/:id/rectify': { action: 'inspection.manage', resource: 'inspectionFinding', from: 'param:id' },

  // evaluation: weights apply to the whole deployment, so only an assignment above every district changes them
  'GET /api/evaluation/scores': { action: 'evaluation.read', resource: 'territory', from: 'query:scope' },
  'GET /api/evaluation/trace': { action: 'evaluation.read', resource: 'territory', from: 'query:scope' },
  'GET /api/evaluation/weights': { action: 'evaluation.read', resource: 'evaluationWeights', from: 'anywhere' },
  'PUT /api/evaluation/weights': { action: 'evaluation.manage', resource: 'evaluationWeights', from: 'global' },

  // reports (简报, after-action review)
  'GET /api/reports/bulletin': { action: 'report.read', resource: 'territory', from: 'query:scope' },
  'GET /api/reports/bulletin.xlsx': { action: 'report.read', resource: 'territory', from: 'query:scope' },
  'GET /api/reports/bulletin.pdf': { action: 'report.read', resource: 'territory', from: 'query:scope' },
  'GET /api/reports/bulletins': { action: 'report.read', resource: 'territory', from: 'query:scope' },
  'GET /api/reports/bulletins/:id/:format': { action: 'report.read', resource: 'bulletin', from: 'param:id' },
  'GET /api/reports/aar': { action: 'report.read', resource: 'campaign', from: 'query:campaign' },
  'GET /api/reports/aar.xlsx': { action: 'report.read', resource: 'campaign', from: 'query:campaign' },
  'GET /api/reports/aar.pdf': { action: 'report.read', resource: 'campaign', from: 'query:campaign' },

  // follow-up items (长效机制)
  'POST /api/followups': { action: 'followup.manage', resource: 'territory', from: 'body:territoryCode' },
  'GET /api/followups': { action: 'followup.read', resource: 'territory', from: 'query:scope' },
  'GET /api/followups/:id': { action: 'followup.read', resource: 'followup', from: 'param:id' },
  'POST /api/followups/:id/progress': { action: 'followup.manage', resource: 'followup', from: 'param:id' },
  'POST /api/followups/:id/complete': { action: 'followup.manage', resource: 'followup', from: 'param:id', narrower: 'the owner completes their item' },
  'POST /api/followups/:id/verify': { action: 'followup.verify', resource: 'followup', from: 'param:id', narrower: 'only a completed item, never one\'s own' },
};

/** `METHOD /path/{param}` (OpenAPI) → `METHOD /path/:param` (the table's key). */
export function routeKey(method: string, openApiPath: string): string {
  return `${method.toUpperCase()} ${openApiPath.replace(/\{([^}]+)\}/g, ':$1')}`;
}
