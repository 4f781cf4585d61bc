import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type DatabaseKind, type TestApp } from './harness.ts';
import { insertNode, insertUser, square, type TestUser } from './factories.ts';
import { loginAs } from './auth.ts';
import { ROLES, roleAllows, type Role } from '../shared/access/roles.ts';
import { ROUTE_ACCESS, routeKey, type AccessResource, type RouteAccess } from '../shared/access/routes.ts';
import { pathOfCode } from '../shared/territory/codes.ts';
import { buildJpeg } from '../server/attachments/testImages.ts';
import { uuidv7 } from 'uuidv7';
import { generateScheduledBulletins } from '../server/modules/reports/scheduledBulletins.ts';
import { generateAccountabilityRecords } from '../server/modules/supervision/generateAccountability.ts';
import { inTransaction } from '../server/context.ts';
import { systemActor } from '../server/access/actor.ts';
import { hashPassword } from '../server/modules/people/password.ts';

/**
 * The generated access matrix (issue #12, deliverable 3; docs/access.md "Access matrix").
 *
 * Every route in the OpenAPI document × every role × {own district, sibling district, the city above}
 * plus anonymous. The record each route acts on lies in the OWN district; the expected answer comes
 * from shared/access/routes.ts (which record, which action) and ROLE_ACTIONS (which role carries it):
 *   anonymous → 401 unless public; a person → allowed iff their role carries the action and their
 *   scope covers the record; otherwise denied (401/403/404).
 * LEAK = expected denied, got allowed. FALSE DENY = expected allowed, got denied (bugs, not leaks).
 * UNCHECKED = the answer says nothing about access (400 validation, or no fixture record for the route).
 */

const START = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00 China time
const PROVINCE = '32';
const CITY = '3201';
const OWN = '320106'; // 鼓楼区
const SIB = '320102'; // 玄武区
const OWN_STREET = '320106001';
const OWN_COMMUNITY = '320106001001';
const OWN_GRID = '320106001001001';
const SIB_GRID = '320102001001001';
const IN_OWN = { lat: 32.06, lng: 118.77 };
const IN_SIB = { lat: 32.06, lng: 118.8 };

type Scope = 'own' | 'sibling' | 'parent';
const SCOPES: Record<Scope, string> = { own: OWN, sibling: SIB, parent: CITY };

interface Fixture {
  /** id (or code) and territory path of one record of each kind, all in the own district. */
  rec: Partial<Record<AccessResource, { id: string; path: string }>>;
  subject: TestUser;
  subjectCookie: string;
  /** A second person of the own grid (the other side of a roster swap). */
  subject2: TestUser;
  /** Logs in as a public route's sample (never disabled by the people routes' cells). */
  login: TestUser;
  trackingCode: string;
  publicCaseNo: string;
  /** Recreated before each cell of the DELETE routes, so every cell deletes a record that exists. */
  deletableAssignmentId: string;
  subject2AssignmentId: string;
  /** Who a record is assigned to (resource → user id), for rules with `assignee`. */
  assignee: Partial<Record<AccessResource, string>>;
  extraCaseId: string;
  rosterTemplateId: string;
  rosterUnavailabilityId: string;
  /** A follow-up item its owner (the subject) completed, for the verify route; completed again before each cell. */
  verifyFollowupId: string;
  inspectionItemKey: string;
}

interface Req {
  url: string;
  body?: unknown;
  contentType?: string;
}

/** Every person in the matrix has this password. */
const PASSWORD = 'correct horse battery';

const q = (o: Record<string, string | number | undefined>) =>
  '?' + Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

/** A valid request per route, acting on the own district's record, so a 400 does not hide the access decision. */
function sample(key: string, fx: Fixture, n: number): Req | null {
  const id = (r: AccessResource) => fx.rec[r]?.id;
  const need = (...ids: (string | undefined)[]) => ids.every((x) => x !== undefined);
  const caseId = id('case');
  const hazardId = id('hazard');
  const disputeId = id('dispute');
  const dirId = id('directive');
  const campId = id('campaign');
  const unitId = id('rosterUnit');
  const period = '2026-02-01..2026-02-28';
  const unique = `cell-${n}`;
  const S: Record<string, () => Req | null> = {
    'GET /api/health': () => ({ url: '/api/health' }),
    'POST /api/auth/login': () => ({ url: '/api/auth/login', body: { username: fx.login.username, password: fx.login.password } }),
    'POST /api/auth/logout': () => ({ url: '/api/auth/logout' }),
    'GET /api/me': () => ({ url: '/api/me' }),
    'GET /api/people': () => ({ url: `/api/people${q({ scope: OWN })}` }),
    'POST /api/people': () => ({ url: '/api/people', body: { username: `m.new.${n}`, password: 'correct horse battery', role: 'grid_worker', scope: OWN_GRID } }),
    'GET /api/departments': () => ({ url: `/api/departments${q({ scope: OWN })}` }),
    'GET /api/people/:id': () => ({ url: `/api/people/${id('person')}` }),
    'POST /api/people/:id/disable': () => ({ url: `/api/people/${id('person')}/disable` }),
    'GET /api/tokens': () => ({ url: '/api/tokens' }),
    'POST /api/tokens': () => ({ url: '/api/tokens', body: { name: `matrix ${n}`, password: PASSWORD, scope: 'read' } }),
    'POST /api/auth/totp': () => ({ url: '/api/auth/totp', body: { challenge: `no-such-challenge-${n}`, code: '123456' } }),
    // Each cell really changes the caller's password; refresh() puts the known one back before every cell.
    'POST /api/me/password': () => ({ url: '/api/me/password', body: { currentPassword: PASSWORD, newPassword: `a new password ${n}` } }),
    'POST /api/me/totp/setup': () => ({ url: '/api/me/totp/setup', body: { password: PASSWORD } }),
    'POST /api/me/totp/confirm': () => ({ url: '/api/me/totp/confirm', body: { code: '000000' } }),
    'POST /api/me/totp/disable': () => ({ url: '/api/me/totp/disable', body: { password: PASSWORD, code: '000000' } }),
    'POST /api/people/:id/password-reset': () => ({ url: `/api/people/${id('person')}/password-reset`, body: { password: PASSWORD } }),
    'DELETE /api/tokens/:id': () => (need(id('apiToken')) ? { url: `/api/tokens/${id('apiToken')}` } : null),
    'GET /api/territory/locate': () => ({ url: `/api/territory/locate${q(IN_OWN)}` }),
    'GET /api/territory/nodes/:code': () => ({ url: `/api/territory/nodes/${OWN}` }),
    'GET /api/territory/nodes': () => ({ url: `/api/territory/nodes${q({ parent: OWN })}` }),
    'GET /api/territory/grids.geojson': () => ({ url: `/api/territory/grids.geojson${q({ within: OWN })}` }),
    'PATCH /api/territory/nodes/:code/profile': () => ({ url: `/api/territory/nodes/${OWN}/profile`, body: { households: 100 + n } }),
    'GET /api/audit': () => ({ url: `/api/audit${q({ recordType: 'case', recordId: caseId })}` }),
    'GET /api/hazards': () => ({ url: `/api/hazards${q({ scope: OWN })}` }),
    'GET /api/hazards/export.xlsx': () => ({ url: `/api/hazards/export.xlsx${q({ scope: OWN })}` }),
    'POST /api/cases/:id/hazard/plan': () => ({ url: `/api/cases/${hazardId}/hazard/plan`, body: { plan: '设置围挡并修复', responsibleUnit: '鼓楼区城管局', responsiblePerson: { name: '某负责人' }, deadline: '2026-03-20' } }),
    'POST /api/cases/:id/hazard/reinspection': () => ({ url: `/api/cases/${hazardId}/hazard/reinspection`, body: { result: 'fail', note: '复查未通过' } }),
    'POST /api/cases/:id/hazard/signoff': () => ({ url: `/api/cases/${hazardId}/hazard/signoff`, body: { note: '销号' } }),
    'POST /api/cases/:id/mediation-sessions': () => ({ url: `/api/cases/${disputeId}/mediation-sessions`, body: { date: '2026-03-02', mediator: '调解员', place: '社区', partiesPresent: [{ name: '甲' }], summary: '第一次调解', outcome: 'adjourned' } }),
    'POST /api/cases/:id/agreement': () => ({ url: `/api/cases/${disputeId}/agreement`, body: { text: '双方同意', performanceDeadline: '2026-03-30' } }),
    'GET /api/categories': () => ({ url: '/api/categories' }),
    'POST /api/cases': () => ({ url: '/api/cases', body: { categoryCode: '0101', description: `矩阵测试上报 ${n}`, location: IN_OWN } }),
    'GET /api/cases': () => ({ url: '/api/cases' }),
    'POST /api/cases/public': () => ({ url: '/api/cases/public', body: { categoryCode: '0101', description: `居民反映垃圾 ${n}`, location: IN_OWN } }),
    'GET /api/public/cases/:trackingCode': () => ({ url: `/api/public/cases/${fx.trackingCode}` }),
    'POST /api/uploads': () => ({ url: '/api/uploads', body: buildJpeg(), contentType: 'image/jpeg' }),
    'GET /api/attachments/:sha256': () => (need(id('attachment')) ? { url: `/api/attachments/${id('attachment')}` } : null),
    'GET /api/cases/:id': () => ({ url: `/api/cases/${caseId}` }),
    'GET /api/cases/:id/suggested-handler': () => ({ url: `/api/cases/${caseId}/suggested-handler` }),
    'POST /api/cases/:id/actions': () => ({ url: `/api/cases/${caseId}/actions`, body: { action: 'request_suspension', reason: '等待材料' } }),
    'GET /api/cases/:id/possible-duplicates': () => ({ url: `/api/cases/${caseId}/possible-duplicates` }),
    'POST /api/cases/:id/publication': () => ({ url: `/api/cases/${caseId}/publication`, body: { public: n % 2 === 0 } }),
    'POST /api/cases/:id/merge': () => ({ url: `/api/cases/${fx.extraCaseId}/merge`, body: { into: caseId } }),
    'POST /api/cases/:id/escalate-dispute': () => ({ url: `/api/cases/${disputeId}/escalate-dispute`, body: { reason: '调解未果' } }),
    'POST /api/cases/:id/escalate-dispute/decision': () => ({ url: `/api/cases/${disputeId}/escalate-dispute/decision`, body: { decision: 'deny', reason: '继续调解' } }),
    'GET /api/cases/:id/responsibility': () => ({ url: `/api/cases/${caseId}/responsibility` }),
    'GET /api/notifications': () => ({ url: '/api/notifications' }),
    'POST /api/notifications/:id/read': () => (need(id('notification')) ? { url: `/api/notifications/${id('notification')}/read` } : null),
    'GET /open311/v2/discovery.json': () => ({ url: '/open311/v2/discovery.json' }),
    'GET /open311/v2/services.json': () => ({ url: '/open311/v2/services.json' }),
    'GET /open311/v2/requests.json': () => ({ url: '/open311/v2/requests.json' }),
    'POST /open311/v2/requests.json': () => ({ url: '/open311/v2/requests.json', body: `service_code=0101&lat=${IN_OWN.lat}&long=${IN_OWN.lng}&description=${encodeURIComponent('垃圾' + n)}`, contentType: 'application/x-www-form-urlencoded' }),
    'GET /open311/v2/discovery.xml': () => ({ url: '/open311/v2/discovery.xml' }),
    'GET /open311/v2/services.xml': () => ({ url: '/open311/v2/services.xml' }),
    'GET /open311/v2/requests.xml': () => ({ url: '/open311/v2/requests.xml' }),
    'POST /open311/v2/requests.xml': () => ({ url: '/open311/v2/requests.xml', body: `service_code=0101&lat=${IN_OWN.lat}&long=${IN_OWN.lng}&description=${encodeURIComponent('垃圾' + n)}`, contentType: 'application/x-www-form-urlencoded' }),
    'GET /open311/v2/services/:file': () => ({ url: '/open311/v2/services/0101.json' }),
    'GET /open311/v2/requests/:file': () => ({ url: `/open311/v2/requests/${fx.publicCaseNo}.json` }),
    'GET /open311/v2/tokens/:file': () => ({ url: `/open311/v2/tokens/${fx.publicCaseNo}.json` }),
    'GET /api/live/cases/recent': () => ({ url: `/api/live/cases/recent${q({ scope: OWN })}` }),
    'GET /api/live/cases': () => ({ url: `/api/live/cases${q({ scope: OWN })}` }),
    'GET /api/live/notifications': () => ({ url: '/api/live/notifications' }),
    'GET /api/kpis': () => ({ url: `/api/kpis${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN })}` }),
    'GET /api/kpis/cases': () => ({ url: `/api/kpis/cases${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN, metric: 'closed', group: 'total' })}` }),
    'GET /api/kpis/export.xlsx': () => ({ url: `/api/kpis/export.xlsx${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN })}` }),
    'GET /api/kpis/export.csv': () => ({ url: `/api/kpis/export.csv${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN })}` }),
    'GET /api/cases/export.xlsx': () => ({ url: `/api/cases/export.xlsx${q({ scope: OWN })}` }),
    'GET /api/cases/export.csv': () => ({ url: `/api/cases/export.csv${q({ scope: OWN })}` }),
    'POST /api/directives': () => ({ url: '/api/directives', body: { title: `矩阵通知 ${n}`, body: '请落实', issuingUnit: OWN, targetUnits: [OWN_GRID] } }),
    'GET /api/directives': () => ({ url: '/api/directives' }),
    'GET /api/directives/inbox': () => ({ url: '/api/directives/inbox' }),
    'GET /api/directives/:id': () => ({ url: `/api/directives/${dirId}` }),
    'POST /api/directives/:id/sign': () => ({ url: `/api/directives/${dirId}/sign`, body: {} }),
    'POST /api/directives/:id/report': () => ({ url: `/api/directives/${dirId}/report`, body: { text: '已落实' } }),
    'POST /api/directives/:id/supplements': () => ({ url: `/api/directives/${dirId}/supplements`, body: { unitCode: OWN_GRID, body: '补充要求' } }),
    'GET /api/directives/:id/rollup': () => ({ url: `/api/directives/${dirId}/rollup` }),
    'GET /api/directives/:id/escalations': () => ({ url: `/api/directives/${dirId}/escalations` }),
    'POST /api/campaigns': () => ({ url: '/api/campaigns', body: campaignBody(`矩阵行动 ${n}`) }),
    'GET /api/campaigns': () => ({ url: '/api/campaigns' }),
    'GET /api/campaigns/:id': () => ({ url: `/api/campaigns/${campId}` }),
    'POST /api/campaigns/:id/clone': () => ({ url: `/api/campaigns/${campId}/clone`, body: { name: `复制 ${n}`, startsAt: '2026-04-01T00:00:00.000Z' } }),
    'POST /api/campaigns/:id/daily-reports': () => ({ url: `/api/campaigns/${campId}/daily-reports`, body: { gridCode: OWN_GRID, date: '2026-03-02', nothingToReport: true } }),
    'GET /api/campaigns/:id/daily-reports/status': () => ({ url: `/api/campaigns/${campId}/daily-reports/status${q({ date: '2026-03-02' })}` }),
    'GET /api/campaigns/:id/dashboard': () => ({ url: `/api/campaigns/${campId}/dashboard` }),
    'POST /api/patrols/sites': () => ({ url: '/api/patrols/sites', body: siteBody(`矩阵点位 ${n}`) }),
    'GET /api/patrols/sites': () => ({ url: `/api/patrols/sites${q({ scope: OWN })}` }),
    'PATCH /api/patrols/sites/:id': () => null, // filled in at send time: needs the site's current updatedAt
    'GET /api/patrols/sites/:id/qr': () => ({ url: `/api/patrols/sites/${id('patrolSite')}/qr` }),
    'POST /api/patrols/plans': () => ({ url: '/api/patrols/plans', body: { scopeCode: OWN, shiftStart: '2026-03-02T01:00:00.000Z', shiftEnd: '2026-03-02T09:00:00.000Z', workerIds: [fx.subject.id], seed: 1, method: 'greedy' } }),
    'GET /api/patrols/plans': () => ({ url: `/api/patrols/plans${q({ scope: OWN })}` }),
    'GET /api/patrols/plans/:id': () => (need(id('patrolPlan')) ? { url: `/api/patrols/plans/${id('patrolPlan')}` } : null),
    'GET /api/patrols/my-route': () => ({ url: '/api/patrols/my-route' }),
    'POST /api/patrols/checkin': () => ({ url: '/api/patrols/checkin', body: { siteId: id('patrolSite'), kind: 'arrive', at: START.toISOString(), clientNonce: `nonce-${unique}`, location: { ...IN_OWN, accuracyMeters: 5 } } }),
    'POST /api/patrols/checkins': () => ({ url: '/api/patrols/checkins', body: { checkins: [{ siteId: id('patrolSite'), kind: 'arrive', at: START.toISOString(), clientNonce: `nonces-${unique}`, location: { ...IN_OWN, accuracyMeters: 5 } }] } }),
    'GET /api/patrols/compliance': () => ({ url: `/api/patrols/compliance${q({ scope: OWN, date: '2026-03-02' })}` }),
    'GET /api/patrols/uncovered': () => ({ url: `/api/patrols/uncovered${q({ scope: OWN })}` }),
    'POST /api/rosters/units': () => ({ url: '/api/rosters/units', body: { nameZh: `矩阵值班 ${n}`, kind: 'command_centre', territoryCode: OWN } }),
    'GET /api/rosters/units': () => ({ url: `/api/rosters/units${q({ scope: OWN })}` }),
    'GET /api/rosters/units/:unitId': () => ({ url: `/api/rosters/units/${unitId}` }),
    'POST /api/rosters/units/:unitId/templates': () => ({ url: `/api/rosters/units/${unitId}/templates`, body: shiftBody(`班次 ${n}`) }),
    'PUT /api/rosters/units/:unitId/templates/:templateId': () => ({ url: `/api/rosters/units/${unitId}/templates/${fx.rosterTemplateId}`, body: shiftBody(`白班 ${n}`) }),
    'POST /api/rosters/units/:unitId/templates/:templateId/retire': () => ({ url: `/api/rosters/units/${unitId}/templates/${fx.rosterTemplateId}/retire`, body: { from: '2026-12-01' } }),
    'PUT /api/rosters/units/:unitId/members': () => ({ url: `/api/rosters/units/${unitId}/members`, body: { userId: fx.subject.id, skills: ['值班员'] } }),
    'DELETE /api/rosters/units/:unitId/members/:userId': () => ({ url: `/api/rosters/units/${unitId}/members/${fx.subject.id}` }),
    'DELETE /api/rosters/units/:unitId/unavailability/:id': () => ({ url: `/api/rosters/units/${unitId}/unavailability/${fx.rosterUnavailabilityId}` }),
    'GET /api/rosters/units/:unitId/swaps': () => ({ url: `/api/rosters/units/${unitId}/swaps` }),
    'POST /api/rosters/units/:unitId/swaps': () => (need(id('rosterAssignment')) ? { url: `/api/rosters/units/${unitId}/swaps`, body: { assignmentId: id('rosterAssignment'), withAssignmentId: fx.subject2AssignmentId, reason: '换班' } } : null),
    'POST /api/rosters/units/:unitId/unavailability': () => ({ url: `/api/rosters/units/${unitId}/unavailability`, body: { userId: fx.subject.id, kind: 'leave', startsAt: '2026-05-04T00:00:00+08:00', endsAt: '2026-05-05T00:00:00+08:00', reason: '年休假' } }),
    'POST /api/rosters/units/:unitId/generate': () => ({ url: `/api/rosters/units/${unitId}/generate`, body: { from: '2026-03-09', days: 1, seed: 1, dryRun: true } }),
    'GET /api/rosters/units/:unitId/assignments': () => ({ url: `/api/rosters/units/${unitId}/assignments${q({ from: '2026-03-02', days: 7 })}` }),
    'POST /api/rosters/units/:unitId/assignments': () => ({ url: `/api/rosters/units/${unitId}/assignments`, body: { templateId: fx.rosterTemplateId, date: '2026-03-04', role: '值班员', userId: fx.subject.id, overrideReason: '矩阵测试' } }),
    'DELETE /api/rosters/assignments/:id': () => (fx.deletableAssignmentId ? { url: `/api/rosters/assignments/${fx.deletableAssignmentId}` } : null),
    'POST /api/rosters/swaps/:swapId/decide': () => (need(id('rosterSwap')) ? { url: `/api/rosters/swaps/${id('rosterSwap')}/decide`, body: { decision: 'deny' } } : null),
    'GET /api/rosters/units/:unitId/on-duty': () => ({ url: `/api/rosters/units/${unitId}/on-duty` }),
    'GET /api/rosters/on-duty': () => ({ url: `/api/rosters/on-duty${q({ scope: OWN })}` }),
    'GET /api/rosters/units/:unitId/export.xlsx': () => ({ url: `/api/rosters/units/${unitId}/export.xlsx${q({ from: '2026-03-02', days: 7 })}` }),
    'GET /api/spotchecks/preview': () => ({ url: `/api/spotchecks/preview${q({ seed: 1, period, scope: OWN })}` }),
    'POST /api/spotchecks': () => ({ url: '/api/spotchecks', body: { seed: n, period, scope: OWN } }),
    'GET /api/spotchecks': () => ({ url: `/api/spotchecks${q({ scope: OWN })}` }),
    'GET /api/spotchecks/mine': () => ({ url: '/api/spotchecks/mine' }),
    'GET /api/spotchecks/:id': () => (need(id('spotCheck')) ? { url: `/api/spotchecks/${id('spotCheck')}` } : null),
    'POST /api/spotchecks/items/:id/result': () => (need(id('spotCheckItem')) ? { url: `/api/spotchecks/items/${id('spotCheckItem')}/result`, body: { callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true } } : null),
    'POST /api/accountability/generate': () => ({ url: '/api/accountability/generate', body: { scope: OWN, from: '2026-02-01', to: '2026-02-28' } }),
    'GET /api/accountability': () => ({ url: `/api/accountability${q({ scope: OWN })}` }),
    'GET /api/accountability/history': () => ({ url: `/api/accountability/history${q({ scope: OWN, from: '2026-02-01', to: '2026-02-28' })}` }),
    'POST /api/accountability/:id/decision': () => (need(id('accountability')) ? { url: `/api/accountability/${id('accountability')}/decision`, body: { decision: 'waive', reason: '情况属实，已经核实' } } : null),
    'POST /api/inspections/templates': () => ({ url: '/api/inspections/templates', body: { name: `矩阵模板 ${n}`, scope: OWN, items: [{ label: '台账' }] } }),
    'GET /api/inspections/templates': () => ({ url: `/api/inspections/templates${q({ scope: OWN })}` }),
    'POST /api/inspections/plans': () => ({ url: '/api/inspections/plans', body: { title: `矩阵暗访 ${n}`, kind: 'open', scope: OWN, period: '2026-03-01..2026-03-31', checklist: [{ key: 'ledger', label: '台账' }] } }),
    'GET /api/inspections/plans': () => ({ url: `/api/inspections/plans${q({ scope: OWN })}` }),
    'GET /api/inspections/plans/:id': () => (need(id('inspectionPlan')) ? { url: `/api/inspections/plans/${id('inspectionPlan')}` } : null),
    'POST /api/inspections/plans/:id/tasks': () => (need(id('inspectionPlan')) ? { url: `/api/inspections/plans/${id('inspectionPlan')}/tasks`, body: { tasks: [{ targetKind: 'grid', targetId: OWN_GRID }] } } : null),
    'GET /api/inspections/candidates': () => ({ url: `/api/inspections/candidates${q({ scope: OWN, targetKind: 'grid', targetId: OWN_GRID })}` }),
    'GET /api/inspections/targets': () => ({ url: `/api/inspections/targets${q({ scope: OWN, kind: 'grid' })}` }),
    'GET /api/inspections/tasks/mine': () => ({ url: '/api/inspections/tasks/mine' }),
    'GET /api/inspections/tasks/:id': () => (need(id('inspectionTask')) ? { url: `/api/inspections/tasks/${id('inspectionTask')}` } : null),
    'POST /api/inspections/tasks/:id/results': () => (need(id('inspectionTask')) ? { url: `/api/inspections/tasks/${id('inspectionTask')}/results`, body: { items: [{ itemKey: fx.inspectionItemKey, result: 'pass' }] } } : null),
    'POST /api/inspections/tasks/:id/findings': () => (need(id('inspectionTask')) ? { url: `/api/inspections/tasks/${id('inspectionTask')}/findings`, body: { itemKey: fx.inspectionItemKey, description: '台账缺失', severity: 'minor', location: IN_OWN } } : null),
    'POST /api/inspections/findings/:id/rectify': () => (need(id('inspectionFinding')) ? { url: `/api/inspections/findings/${id('inspectionFinding')}/rectify`, body: { categoryCode: '0101', deadline: '2026-03-20', location: IN_OWN } } : null),
    'GET /api/evaluation/scores': () => ({ url: `/api/evaluation/scores${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN })}` }),
    'GET /api/evaluation/trace': () => ({ url: `/api/evaluation/trace${q({ from: '2026-02-01', to: '2026-02-28', scope: OWN, level: 'grid', key: OWN_GRID })}` }),
    'GET /api/evaluation/weights': () => ({ url: '/api/evaluation/weights' }),
    'PUT /api/evaluation/weights': () => ({ url: '/api/evaluation/weights', body: { weights: {} } }),
    'GET /api/reports/bulletin': () => ({ url: `/api/reports/bulletin${q({ date: '2026-03-01', scope: OWN })}` }),
    'GET /api/reports/bulletin.xlsx': () => ({ url: `/api/reports/bulletin.xlsx${q({ date: '2026-03-01', scope: OWN })}` }),
    'GET /api/reports/bulletin.pdf': () => ({ url: `/api/reports/bulletin.pdf${q({ date: '2026-03-01', scope: OWN })}` }),
    'GET /api/reports/bulletins': () => ({ url: `/api/reports/bulletins${q({ scope: OWN })}` }),
    'GET /api/reports/bulletins/:id/:format': () => (need(id('bulletin')) ? { url: `/api/reports/bulletins/${id('bulletin')}/xlsx` } : null),
    'GET /api/reports/aar': () => ({ url: `/api/reports/aar${q({ campaign: campId })}` }),
    'GET /api/reports/aar.xlsx': () => ({ url: `/api/reports/aar.xlsx${q({ campaign: campId })}` }),
    'GET /api/reports/aar.pdf': () => ({ url: `/api/reports/aar.pdf${q({ campaign: campId })}` }),
    'POST /api/followups': () => ({ url: '/api/followups', body: { territoryCode: OWN, title: `矩阵整改 ${n}`, ownerId: fx.subject.id, dueAt: '2026-04-30' } }),
    'GET /api/followups': () => ({ url: `/api/followups${q({ scope: OWN })}` }),
    'GET /api/followups/:id': () => ({ url: `/api/followups/${id('followup')}` }),
    'POST /api/followups/:id/progress': () => ({ url: `/api/followups/${id('followup')}/progress`, body: { progress: 50, note: '推进中' } }),
    'POST /api/followups/:id/complete': () => ({ url: `/api/followups/${id('followup')}/complete`, body: { evidenceNote: '已经完成整改' } }),
    'POST /api/followups/:id/verify': () => ({ url: `/api/followups/${fx.verifyFollowupId}/verify`, body: { decision: 'reject', note: '整改不到位，需返工' } }),
  };
  const f = S[key];
  return f ? f() : null;
}

function campaignBody(name: string) {
  return {
    name,
    territoryCode: OWN,
    startsAt: '2026-03-01T00:00:00.000Z',
    endsAt: '2026-03-31T00:00:00.000Z',
    phases: [{ kind: 'preparation', startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-31T00:00:00.000Z', dailyReport: true }],
  };
}
function siteBody(name: string) {
  return { name, category: 'school', riskLevel: 2, location: IN_OWN, radiusMeters: 100 };
}
function shiftBody(nameZh: string) {
  return { nameZh, startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }] };
}

type Outcome = 'allowed' | 'denied' | 'unchecked';
interface Cell {
  key: string;
  method: string;
  who: { role: Role; scope: Scope } | null;
  /** 'allowed' | 'denied' | 'maybe' (narrower: the module may refuse more) */
  expect: 'allowed' | 'denied' | 'maybe';
  /** For scoped lists: the kind of record that must not appear in a 200 to someone outside its scope. */
  list: AccessResource | null;
}

/** What the table says for one person (or anonymous) on one route, given the record's territory path. */
function expected(rule: RouteAccess, who: Cell['who'], recordPath: string | null, isAssignee: boolean): Cell['expect'] {
  if ('public' in rule) return rule.narrower ? 'maybe' : 'allowed';
  if (!who) return 'denied';
  if ('authenticated' in rule) return 'allowed';
  if ('owner' in rule) return 'denied'; // the record belongs to someone else (the fixture's subject)
  if (rule.assignee && isAssignee) return 'maybe';
  if (!roleAllows(who.role, rule.action)) return 'denied';
  const scopePath = pathOfCode(SCOPES[who.scope]);
  const covers = rule.from === 'anywhere' || (recordPath !== null && recordPath.startsWith(scopePath));
  if (!covers) return 'denied';
  return rule.narrower ? 'maybe' : 'allowed';
}

function classify(status: number): Outcome {
  if (status === 401 || status === 403 || status === 404) return 'denied';
  if (status === 400 || status === 415 || status === 422 || status >= 500) return 'unchecked';
  return 'allowed';
}

forEachDatabase('access matrix: every route × role × scope', (kind: DatabaseKind) => {
  let t: TestApp & { close(): Promise<void> };
  let base = '';
  const cookies = new Map<string, string>();
  const userIds = new Map<string, string>();
  const fx = {} as Fixture;
  let admin = '';
  let passwordHash = '';
  let seq = 0;
  let address = 0;
  const nextAddress = () => {
    address += 1;
    return `198.19.${Math.floor(address / 250) % 250}.${(address % 250) + 1}`;
  };

  const call = async (method: string, url: string, cookie: string | null, body?: unknown, contentType?: string) => {
    // Sent like the web client (a same-origin browser request), so a CSRF defence does not hide the access decision.
    const headers: Record<string, string> = { 'idempotency-key': `matrix-${++seq}`, 'sec-fetch-site': 'same-origin' };
    if (cookie) headers['cookie'] = cookie;
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return t.app.inject({ method: method as 'GET', url, headers, remoteAddress: nextAddress(), ...(payload === undefined ? {} : { payload }) });
  };
  const ok = async (method: string, url: string, body?: unknown, cookie = admin) => {
    const res = await call(method, url, cookie, body);
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.body ? res.json() : null;
  };
  const userKey = (role: Role, scope: Scope) => `${role}@${scope}`;
  /** Make sure the record a destructive route deletes exists before each cell. */
  const refresh = async (key: string, n: number) => {
    const unitId = fx.rec.rosterUnit?.id;
    if (key === 'POST /api/me/password' || key === 'POST /api/tokens' || key === 'POST /api/me/totp/setup' || key === 'POST /api/me/totp/disable' || key === 'POST /api/people/:id/password-reset') {
      // The previous password-change cell changed someone's password: every person gets the known one back.
      await t.storage.db.updateTable('users').set({ password_hash: passwordHash }).where('username', 'like', 'm.%').execute();
    } else if (key === 'POST /api/followups/:id/verify') {
      await call('POST', `/api/followups/${fx.verifyFollowupId}/complete`, fx.subjectCookie, { evidenceNote: `整改完成 ${n}` });
    } else if (key === 'POST /api/accountability/:id/decision' && fx.rec.accountability) {
      // Each cell decides a pending record: put it back to pending (as generated) first.
      await t.storage.db.updateTable('accountability_records').set({ state: 'pending', measure: null, reason: null, decided_by: null, decided_at: null }).where('id', '=', fx.rec.accountability.id).execute();
    } else if (key === 'POST /api/spotchecks/items/:id/result' && fx.rec.spotCheckItem) {
      await t.storage.db.updateTable('spotcheck_items').set({ result: 'pending', callback_reached: null, callback_satisfied: null, callback_matches: null, recheck_fixed: null, note: null, photos_json: null, recorded_by: null, recorded_at: null }).where('id', '=', fx.rec.spotCheckItem.id).execute();
    } else if (!unitId) return;
    else if (key === 'DELETE /api/rosters/assignments/:id') {
      const day = new Date(Date.UTC(2026, 3, 1) + n * 86_400_000).toISOString().slice(0, 10);
      const a = await call('POST', `/api/rosters/units/${unitId}/assignments`, admin, { templateId: fx.rosterTemplateId, date: day, role: '值班员', userId: fx.subject2.id, overrideReason: '矩阵测试' });
      if (a.statusCode < 300) fx.deletableAssignmentId = a.json().id ?? a.json().assignment?.id;
    } else if (key === 'DELETE /api/rosters/units/:unitId/unavailability/:id') {
      const u = await call('POST', `/api/rosters/units/${unitId}/unavailability`, admin, { userId: fx.subject2.id, kind: 'unavailable', startsAt: '2026-07-01T00:00:00+08:00', endsAt: '2026-07-02T00:00:00+08:00' });
      if (u.statusCode < 300) fx.rosterUnavailabilityId = u.json().id;
    } else if (key === 'DELETE /api/rosters/units/:unitId/members/:userId') {
      await call('PUT', `/api/rosters/units/${unitId}/members`, admin, { userId: fx.subject.id, skills: ['值班员'] });
    }
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    const db = t.storage.db;
    await insertNode(db, PROVINCE, '江苏省');
    await insertNode(db, CITY, '南京市');
    await insertNode(db, OWN, '鼓楼区');
    await insertNode(db, OWN_STREET, '宁海路街道');
    await insertNode(db, OWN_COMMUNITY, '江苏路社区');
    await insertNode(db, OWN_GRID, '江苏路社区第一网格', square(IN_OWN.lng, IN_OWN.lat));
    await insertNode(db, SIB, '玄武区');
    await insertNode(db, '320102001', '梅园新村街道');
    await insertNode(db, '320102001001', '长江路社区');
    await insertNode(db, SIB_GRID, '长江路社区第一网格', square(IN_SIB.lng, IN_SIB.lat));

    passwordHash = await hashPassword(PASSWORD);
    for (const role of ROLES) {
      for (const scope of Object.keys(SCOPES) as Scope[]) {
        const u = await insertUser(db, { username: `m.${role}.${scope}`.replace(/_/g, '-'), role, scope: SCOPES[scope], passwordHash });
        cookies.set(userKey(role, scope), await loginAs(t.app, u.username, u.password));
        userIds.set(userKey(role, scope), u.id);
      }
    }
    admin = cookies.get(userKey('admin', 'parent'))!;
    fx.subject = await insertUser(db, { username: 'm.subject', passwordHash, role: 'grid_worker', scope: OWN_GRID, displayName: '王小明' });
    fx.subjectCookie = await loginAs(t.app, fx.subject.username, fx.subject.password);
    fx.subject2 = await insertUser(db, { username: 'm.subject2', passwordHash, role: 'grid_worker', scope: OWN_GRID, displayName: '李小红' });
    fx.login = await insertUser(db, { username: 'm.login', passwordHash, role: 'grid_worker', scope: OWN_GRID });
    fx.assignee = {};
    fx.rec = {};
    const ownPath = pathOfCode(OWN);
    const gridPath = pathOfCode(OWN_GRID);
    const put = (r: AccessResource, id: string | undefined, path = ownPath) => {
      if (id) fx.rec[r] = { id, path };
    };
    put('territory', OWN);
    // The person the people routes act on (and may disable): not the subject, whose session the fixture needs.
    const person = await insertUser(db, { username: 'm.person', passwordHash, role: 'grid_worker', scope: OWN_GRID, displayName: '赵小刚' });
    put('person', person.id, gridPath);
    put('evaluationWeights', 'weights', pathOfCode(CITY));

    // Records, made through the real routes by the city's administrator.
    const up = await call('POST', '/api/uploads', admin, buildJpeg(), 'image/jpeg');
    const sha = up.statusCode === 201 ? (up.json().sha256 as string) : undefined;
    const c = (await ok('POST', '/api/cases', { categoryCode: '0101', description: '矩阵案件：暴露垃圾', location: IN_OWN, reporterName: '张三', reporterPhone: '13900001111', photos: sha ? [sha] : [] })).case;
    put('case', c.id, gridPath);
    put('auditEntry', c.id, gridPath);
    put('attachment', sha, gridPath);
    fx.extraCaseId = (await ok('POST', '/api/cases', { categoryCode: '0101', description: '矩阵案件：重复上报', location: IN_OWN })).case.id;
    const h = (await ok('POST', '/api/cases', { categoryCode: '3101', description: '矩阵隐患：围墙开裂', location: IN_OWN, hazard: { grade: '较大' } })).case;
    put('hazard', h.id, gridPath);
    const d = (await ok('POST', '/api/cases', { categoryCode: '3002', description: '矩阵纠纷：漏水', location: IN_OWN, dispute: { parties: [{ name: '甲' }, { name: '乙' }], type: '漏水' } })).case;
    put('dispute', d.id, gridPath);
    const pub = await call('POST', '/api/cases/public', null, { categoryCode: '0101', description: '居民反映', location: IN_OWN });
    fx.trackingCode = pub.statusCode < 300 ? (pub.json().trackingCode as string) : 'NOSUCHCODE';
    fx.publicCaseNo = pub.statusCode < 300 ? (pub.json().caseNo as string) : 'NOSUCHCASE';

    const dir = await ok('POST', '/api/directives', { title: '矩阵通知', body: '请各网格落实', issuingUnit: OWN, targetUnits: [OWN_GRID] });
    put('directive', dir.id ?? dir.directive?.id);
    const camp = await ok('POST', '/api/campaigns', campaignBody('矩阵专项行动'));
    put('campaign', camp.id ?? camp.campaign?.id);
    const site = await ok('POST', '/api/patrols/sites', siteBody('矩阵重点部位'));
    put('patrolSite', site.id ?? site.site?.id, gridPath);
    const plan = await call('POST', '/api/patrols/plans', admin, sample('POST /api/patrols/plans', fx, 0)!.body);
    if (plan.statusCode < 300) put('patrolPlan', plan.json().id ?? plan.json().plan?.id);
    const unit = await ok('POST', '/api/rosters/units', { nameZh: '矩阵指挥中心', kind: 'command_centre', territoryCode: OWN });
    put('rosterUnit', unit.id);
    fx.rosterTemplateId = (await ok('POST', `/api/rosters/units/${unit.id}/templates`, shiftBody('白班'))).id;
    await ok('PUT', `/api/rosters/units/${unit.id}/members`, { userId: fx.subject.id, skills: ['值班员'] });
    const una = await ok('POST', `/api/rosters/units/${unit.id}/unavailability`, { userId: fx.subject.id, kind: 'leave', startsAt: '2026-06-01T00:00:00+08:00', endsAt: '2026-06-02T00:00:00+08:00' });
    fx.rosterUnavailabilityId = una.id;
    const asg = await call('POST', `/api/rosters/units/${unit.id}/assignments`, admin, { templateId: fx.rosterTemplateId, date: '2026-03-03', role: '值班员', userId: fx.subject.id, overrideReason: '矩阵测试' });
    if (asg.statusCode < 300) put('rosterAssignment', asg.json().id ?? asg.json().assignment?.id);
    await ok('PUT', `/api/rosters/units/${unit.id}/members`, { userId: fx.subject2.id, skills: ['值班员'] });
    const asg2 = await ok('POST', `/api/rosters/units/${unit.id}/assignments`, { templateId: fx.rosterTemplateId, date: '2026-03-05', role: '值班员', userId: fx.subject2.id, overrideReason: '矩阵测试' });
    fx.subject2AssignmentId = asg2.id ?? asg2.assignment?.id;
    // A pending swap (the subject asks to exchange shifts with the second person), for the decide route.
    const swap = await call('POST', `/api/rosters/units/${unit.id}/swaps`, fx.subjectCookie, { assignmentId: fx.rec.rosterAssignment?.id, withAssignmentId: fx.subject2AssignmentId, reason: '家里有事' });
    if (swap.statusCode < 300) put('rosterSwap', swap.json().id ?? swap.json().swap?.id);
    else process.stderr.write(`fixture: no roster swap (${swap.statusCode} ${swap.body.slice(0, 200)})`);

    const insp = await ok('POST', '/api/inspections/plans', { title: '矩阵暗访计划', kind: 'open', scope: OWN, period: '2026-03-01..2026-03-31', checklist: [{ key: 'ledger', label: '台账' }], tasks: [{ targetKind: 'grid', targetId: OWN_GRID }] });
    const inspPlan = insp.plan ?? insp;
    put('inspectionPlan', inspPlan.id);
    fx.inspectionItemKey = 'ledger';
    const full = await ok('GET', `/api/inspections/plans/${inspPlan.id}`);
    const taskId = (full.tasks ?? full.plan?.tasks ?? [])[0]?.id as string | undefined;
    put('inspectionTask', taskId);
    if (taskId) {
      const task = await db.selectFrom('inspection_tasks').select('inspector_id').where('id', '=', taskId).executeTakeFirst();
      if (task?.inspector_id) fx.assignee.inspectionTask = fx.assignee.inspectionPlan = task.inspector_id;
    }
    if (taskId) {
      const finding = await call('POST', `/api/inspections/tasks/${taskId}/findings`, admin, { itemKey: 'ledger', description: '台账缺失', severity: 'minor', location: IN_OWN });
      if (finding.statusCode < 300) put('inspectionFinding', finding.json().id ?? finding.json().finding?.id);
    }
    const fu = await ok('POST', '/api/followups', { territoryCode: OWN, title: '矩阵整改项', ownerId: fx.subject.id, dueAt: '2026-04-30' });
    put('followup', fu.id ?? fu.item?.id);
    const fv = await ok('POST', '/api/followups', { territoryCode: OWN, title: '矩阵待验收整改项', ownerId: fx.subject.id, dueAt: '2026-04-30' });
    fx.verifyFollowupId = fv.id ?? fv.item?.id;
    // Scheduled bulletins of the own district (the job the scheduler runs), for the stored-bulletin route.
    await generateScheduledBulletins(t.ctx, t.clock.now, { scopes: [OWN], backfillDays: 1 });
    const bulletin = await db.selectFrom('scheduled_bulletins').select('id').where('scope_code', '=', OWN).executeTakeFirst();
    if (bulletin) put('bulletin', bulletin.id);
    else process.stderr.write('fixture: no scheduled bulletin\n');
    // A case closed today (reported, resolved on the spot, verified, closed), so a spot check draws an item.
    const closing = (await ok('POST', '/api/cases', { categoryCode: '0101', description: '矩阵案件：当场处置', location: IN_OWN }, fx.subjectCookie)).case;
    await ok('POST', `/api/cases/${closing.id}/actions`, { action: 'self_resolve', note: '当场处置' }, fx.subjectCookie);
    await ok('POST', `/api/cases/${closing.id}/actions`, { action: 'verify', note: '核查属实' });
    await ok('POST', `/api/cases/${closing.id}/actions`, { action: 'close', note: '结案' });
    const spot = await call('POST', '/api/spotchecks', admin, { seed: 1, period: '2026-03-02', scope: OWN });
    if (spot.statusCode < 300) {
      put('spotCheck', spot.json().id);
      const item = await db.selectFrom('spotcheck_items').select(['id', 'inspector_id']).where('batch_id', '=', spot.json().id).executeTakeFirst();
      if (item) {
        put('spotCheckItem', item.id, gridPath);
        if (item.inspector_id) fx.assignee.spotCheckItem = item.inspector_id;
      } else process.stderr.write(`fixture: spot check drew no item (${spot.body.slice(0, 300)})\n`);
    } else process.stderr.write(`fixture: no spot check (${spot.statusCode} ${spot.body.slice(0, 200)})`);

    // 责任追究 records, as the monthly job makes them, seen from the end of April: the open cases missed their deadlines.
    await inTransaction(t.ctx, (trx) => generateAccountabilityRecords(trx, { actor: systemActor('matrix'), from: '2026-03-01', to: '2026-04-30', scopePath: ownPath, now: new Date('2026-04-30T00:00:00.000Z') }));
    const acc = await db.selectFrom('accountability_records').select(['id', 'territory_path']).where('territory_path', 'like', `${ownPath}%`).executeTakeFirst();
    if (acc) put('accountability', acc.id, acc.territory_path);
    else process.stderr.write('fixture: no accountability record\n');

    // Owned records of the subject: an API token and a notification.
    const tok = await call('POST', '/api/tokens', fx.subjectCookie, { name: 'subject token' });
    if (tok.statusCode < 300) put('apiToken', tok.json().id, gridPath);
    const notes = await call('GET', '/api/notifications', fx.subjectCookie);
    const note = notes.statusCode === 200 ? (notes.json().items ?? notes.json().notifications ?? [])[0] : undefined;
    if (note) put('notification', note.id, gridPath);
    else {
      // No use case notified the subject yet: one inbox row, as the case workflow writes them.
      const id = uuidv7();
      await db.insertInto('notifications').values({ id, user_id: fx.subject.id, case_id: c.id, kind: 'case.assigned', title: '矩阵消息', body: '请处理', created_at: START.toISOString(), read_at: null }).execute();
      put('notification', id, gridPath);
    }
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => t.close());

  it('every documented route has an access rule, and no cell leaks', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes: { key: string; method: string }[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) for (const method of Object.keys(ops)) routes.push({ key: routeKey(method, path), method: method.toUpperCase() });
    const missing = routes.filter((r) => !ROUTE_ACCESS[r.key]).map((r) => r.key);
    assert.deepEqual(missing, [], 'routes without an entry in shared/access/routes.ts');
    const stale = Object.keys(ROUTE_ACCESS).filter((k) => !routes.some((r) => r.key === k));
    assert.deepEqual(stale, [], 'entries in shared/access/routes.ts for routes that no longer exist');

    // Cells: denied-expected first (they must not change anything), then reads, then mutations; logout last.
    const cells: Cell[] = [];
    for (const r of routes) {
      const rule = ROUTE_ACCESS[r.key]!;
      const resource = 'action' in rule ? rule.resource : 'owner' in rule ? rule.owner : null;
      const recordPath = resource ? (fx.rec[resource]?.path ?? null) : null;
      const list = 'action' in rule ? (rule.list ?? null) : null;
      const assignedTo = resource ? fx.assignee[resource] : undefined;
      cells.push({ key: r.key, method: r.method, who: null, expect: expected(rule, null, null, false), list });
      for (const role of ROLES) for (const scope of Object.keys(SCOPES) as Scope[]) {
        const isAssignee = assignedTo !== undefined && userIds.get(userKey(role, scope)) === assignedTo;
        cells.push({ key: r.key, method: r.method, who: { role, scope }, expect: expected(rule, { role, scope }, recordPath, isAssignee), list });
      }
    }
    const rank = (c: Cell) => (c.key === 'POST /api/auth/logout' ? 9 : c.expect === 'denied' ? 0 : c.method === 'GET' ? 1 : 2);
    cells.sort((a, b) => rank(a) - rank(b));

    const leaks: string[] = [];
    const falseDenies: string[] = [];
    const existenceHints: string[] = [];
    const serverErrors: string[] = [];
    const spent = new Map<string, number>();
    const uncheckedBy = new Map<string, number>();
    let checked = 0;
    let n = 0;
    for (const cell of cells) {
      n += 1;
      const who = cell.who ? `${cell.who.role}@${cell.who.scope}` : 'anonymous';
      const cookie = cell.who ? cookies.get(userKey(cell.who.role, cell.who.scope))! : null;
      const started = performance.now();
      await refresh(cell.key, n);
      let req = sample(cell.key, fx, n);
      if (cell.key === 'PATCH /api/patrols/sites/:id' && fx.rec.patrolSite) {
        const cur = await call('GET', `/api/patrols/sites${q({ scope: OWN })}`, admin);
        const s = (cur.json().sites ?? cur.json().items ?? []).find((x: { id: string }) => x.id === fx.rec.patrolSite!.id);
        req = s ? { url: `/api/patrols/sites/${s.id}`, body: { expectedUpdatedAt: s.updatedAt, name: `改名 ${n}` } } : null;
      }
      if (!req) {
        uncheckedBy.set(`${cell.key} (no fixture)`, (uncheckedBy.get(`${cell.key} (no fixture)`) ?? 0) + 1);
        continue;
      }
      let status: number;
      let body = '';
      if (cell.key === 'GET /api/live/cases' || cell.key === 'GET /api/live/notifications') {
        // Server-sent events never end: read the status line, then hang up.
        const controller = new AbortController();
        const res = await fetch(base + req.url, { headers: cookie ? { cookie, 'sec-fetch-site': 'same-origin' } : {}, signal: controller.signal });
        status = res.status;
        controller.abort();
      } else {
        const res = await call(cell.method, req.url, cookie, req.body, req.contentType);
        status = res.statusCode;
        body = res.body;
        // The batch check-in answers 200 with one outcome per item: the item's status is the decision.
        if (cell.key === 'POST /api/patrols/checkins' && status === 200) {
          const item = res.json().results?.[0] as { status: string; error?: { code: string } } | undefined;
          const code = item?.status === 'refused' ? item.error?.code : undefined;
          if (code) status = code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : code === 'CHECKIN_REFUSED' ? 422 : 400;
        }
      }
      spent.set(cell.key, (spent.get(cell.key) ?? 0) + performance.now() - started);
      const got = classify(status);
      if (status >= 500) serverErrors.push(`${cell.key} as ${who}: ${status} ${body.slice(0, 160)}`);
      const line = `${cell.key} as ${who}: got ${status}, expected ${cell.expect}`;
      if (got === 'unchecked') {
        const k = `${cell.key} (${status} ${body.slice(0, 120)})`;
        uncheckedBy.set(k, (uncheckedBy.get(k) ?? 0) + 1);
        continue;
      }
      checked += 1;
      // A record outside the caller's territory must look missing (404), not forbidden (403): a 403 says it exists.
      const rule = ROUTE_ACCESS[cell.key]!;
      const assigned = cell.who !== null && Object.values(fx.assignee).includes(userIds.get(userKey(cell.who.role, cell.who.scope))!);
      if (status === 403 && cell.who?.scope === 'sibling' && !assigned && 'action' in rule && rule.from.startsWith('param:') && rule.resource !== 'territory') existenceHints.push(line);
      if (cell.expect === 'denied' && got === 'allowed') {
        // A scoped list may answer 200 to someone outside the record's scope, as long as the record is not in it.
        const marker = cell.list ? fx.rec[cell.list]?.id : undefined;
        if (!(cell.list && cell.who && marker && !body.includes(marker))) leaks.push(line);
      } else if (cell.expect === 'allowed' && got === 'denied') falseDenies.push(`${line} (${body.slice(0, 140)})`);
    }
    const unchecked = [...uncheckedBy.values()].reduce((a, b) => a + b, 0);
    console.log(`access matrix [${kind}]: ${checked} cells checked, ${leaks.length} leaks, ${falseDenies.length} false denies, ${unchecked} unchecked`);
    if (existenceHints.length) console.log(`access matrix [${kind}]: ${existenceHints.length} cells answer 403 for a record outside the caller's territory (should look missing: 404)`);
    if (process.env['WANGGE_MATRIX_VERBOSE']) {
      for (const l of leaks) console.log(`  LEAK ${l}`);
      for (const l of falseDenies) console.log(`  FALSE DENY ${l}`);
      for (const l of existenceHints) console.log(`  403 NOT 404 ${l}`);
      for (const [k, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  SLOWEST ${k} ${Math.round(ms)} ms`);
      for (const [k, v] of uncheckedBy) console.log(`  UNCHECKED ${k} ×${v}`);
    }
    assert.ok(checked > 1000, `only ${checked} cells checked`);
    assert.deepEqual(leaks, [], `${leaks.length} access leaks`);
    // Bad or unexpected input answers a stable 4xx code, never a 500 (whoever sends it).
    assert.deepEqual(serverErrors, [], `${serverErrors.length} cells answered 5xx`);
  });
});
