import type { Executor } from '../../storage/db.ts';
import { InspectorPicker } from './independence.ts';
import { resolveTarget } from './inspection.ts';
import type { TargetKind } from './inspections.schemas.ts';

/** People who may inspect a target (never from its grid or unit), best first — what the assignment picker offers. */
export async function listInspectionCandidates(db: Executor, o: { scopePath: string; targetKind: TargetKind; targetId: string }) {
  const target = await resolveTarget(db, o.targetKind, o.targetId, o.scopePath, 'targetId');
  const picker = await InspectorPicker.load(db);
  return {
    target: { kind: target.kind, id: target.id, name: target.name },
    candidates: picker.eligible(target).map((c) => ({ id: c.id, name: c.name, role: c.isInspector ? ('inspector' as const) : ('supervisor' as const), independent: c.independent, openTasks: c.openTasks })),
  };
}
