/**
 * The case module's reads that other modules may make (supervision's responsibility chain, inspection
 * rectification, Open311 services). Other modules import these, never cases.repository.ts, so the
 * queries can change shape behind one door.
 */
export { findCaseById, findCategories, findCategory, findEvents } from './cases.repository.ts';
