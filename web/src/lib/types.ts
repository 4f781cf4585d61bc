/**
 * Wire types the pages import by their old names. The shapes are declared once, as zod schemas in
 * shared/<module>/wire.ts, and served by the routes that declare them; this file only re-exports their
 * types (type-only: zod never enters the bundle). New code imports from shared/<module>/wire.ts directly.
 */
export type { Face, MeView as Me, RoleView as RoleAssignment } from '../../../shared/people/wire.ts';
export type { GridCollection, Level, LocateResult, NodeRef, NodeView } from '../../../shared/territory/wire.ts';
