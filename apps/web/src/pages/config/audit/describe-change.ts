import type { Schemas } from '../../../api/client';
import { formatDateTime } from '../../../lib/dates';
import { describeOffset } from '../../../lib/offsets';
import { CADENCE_KIND, CHAIN_ROLE, COMMON, DAY_KIND, FREQUENCY, ROLE, SHIFT, STEP_ACTION, UNIT_KIND, WEEKDAY } from '../../../texts';
import { CHANNEL_KIND } from '../channels/texts';
import { AUDIT_FIELD, LOGIN_FAILURE } from './texts';

/** One changed field: its name and its value before and after, as people read them. */
export interface ChangeRow {
  field: string;
  before: string | null;
  after: string | null;
  /** The value is an identifier, an address or a checksum: shown as it is (not translated). */
  verbatim: boolean;
  /** The field is one the console knows by name (else its code is shown, as it is). */
  known: boolean;
}

export interface Names {
  unit: (id: number) => string;
  chain: (id: number) => string;
  policy: (id: number) => string;
  user: (id: number) => string;
}

const VERBATIM = new Set(['username', 'target', 'checksum', 'timezone', 'time']);
const ENUMS: Record<string, Record<string, string>> = {
  kind: { ...UNIT_KIND, ...CADENCE_KIND, ...CHANNEL_KIND, ...DAY_KIND },
  frequency: FREQUENCY,
  shift: SHIFT,
  roles: ROLE,
  owingUnitKinds: UNIT_KIND,
  owingChainRoles: CHAIN_ROLE,
  convenerRole: CHAIN_ROLE,
  reason: LOGIN_FAILURE,
};
const IDS: Record<string, keyof Names> = { unitId: 'unit', parentId: 'unit', receiverUnitId: 'unit', owingUnitIds: 'unit', chainId: 'chain', policyId: 'policy', userId: 'user' };

function text(field: string, value: unknown, names: Names): string | null {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  if (typeof value === 'boolean') return value ? COMMON.yes : COMMON.no;
  if (field === 'weekday' && typeof value === 'number') return WEEKDAY[value] ?? String(value);
  if (field === 'nth' && typeof value === 'number') return value === -1 ? '最后一个' : `第 ${value} 个`;
  if (IDS[field]) {
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((id) => (typeof id === 'number' ? names[IDS[field]](id) : String(id))).join('、');
  }
  if (field === 'steps' && Array.isArray(value)) {
    return (value as Schemas['PolicyStepDto'][]).map((s) => `${describeOffset(s)}${STEP_ACTION[s.action] ?? s.action}`).join('；');
  }
  if (field === 'chains' && Array.isArray(value)) {
    return (value as { chainId: number; role: string }[]).map((c) => `${names.chain(c.chainId)}${CHAIN_ROLE[c.role as keyof typeof CHAIN_ROLE] ?? c.role}`).join('、');
  }
  if (ENUMS[field]) {
    const words = Array.isArray(value) ? value : [value];
    return words.map((w) => ENUMS[field][String(w)] ?? String(w)).join('、');
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (Array.isArray(value)) return value.map(String).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An audit entry's before and after as rows: on a change only the fields that differ, on a
 * creation or a deletion every field; never the record's id or version, which say nothing.
 */
export function describeChange(entry: Pick<Schemas['AuditEntryDto'], 'before' | 'after'>, names: Names): ChangeRow[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const both = entry.before && entry.after;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== 'id' && f !== 'version');
  return fields
    .filter((f) => !both || JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .filter((f) => text(f, before[f], names) !== null || text(f, after[f], names) !== null)
    .map((f) => ({
      field: AUDIT_FIELD[f] ?? f,
      before: text(f, before[f], names),
      after: text(f, after[f], names),
      verbatim: VERBATIM.has(f) || !(f in AUDIT_FIELD),
      known: f in AUDIT_FIELD,
    }));
}
