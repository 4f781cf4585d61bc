import { Select } from 'antd';
import type { useScopes } from './useScope.ts';

/**
 * 辖区选择: the territory picker at the top of a console page (useScopes), shown only to a person who
 * holds more than one scope — with one there is nothing to choose.
 */
export function ScopePicker({ scopes, value, onChange, label, minWidth = 180 }: { scopes: ReturnType<typeof useScopes>['scopes']; value: string | null; onChange: (code: string) => void; label: string; minWidth?: number }) {
  if (scopes.length <= 1) return null;
  return <Select aria-label={label} value={value} style={{ minWidth }} options={scopes.map((s) => ({ value: s.code, label: s.name }))} onChange={onChange} />;
}
