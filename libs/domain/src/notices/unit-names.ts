import type { UnitKind } from '../org/org.types';

/*
 * Unit lists as notices write them ("市发展改革委、工信局，各开发区管委会、区县（市）政府") and
 * their resolution against a directory of units. Nothing here guesses: a name resolves by its
 * exact name, full name, a listed alias, the city-less form of its full name or the zone its
 * 管委会 stands for; anything else stays unresolved for a person to map.
 */

/** A collective the notice names, which a directory expands by unit kind. */
export type GroupKinds = readonly UnitKind[];

/** One name in a unit list, as the notice means it. */
export interface UnitMention {
  /** The name with whitespace removed and, for a bare department ("规划局"), the list's prefix ("市规划局"). */
  name: string;
  /** Set for collective names: the unit kinds it stands for, or [] for a collective no kind describes (各有关单位). */
  group?: GroupKinds;
}

// "各开发区管委会、区县（市）政府", "各开发区管委会和县区（市）政府", "各开发区和区县(市)",
// "各开发区管委会和县(市、区)政府", "相关开发区管委会和区县（市）政府", "各开发区、区县（市）" (brackets ASCII here).
const ZONES_AND_DISTRICTS = /(?:各|相关)开发区(?:管委会)?(?:[、和及]各?)?(?:区县|县区|县)(?:\([^)]*\))?(?:人民)?(?:政府)?|各产业集聚区/g;
const DISTRICTS = /各(?:区县|县区|县)(?:\([^)]*\))(?:人民)?(?:政府)?/g;
const ZONES = /各开发区(?:管委会)?/g;
const KNOWN_GROUPS: [RegExp, GroupKinds][] = [
  [ZONES_AND_DISTRICTS, ['ZONE', 'DISTRICT']],
  [DISTRICTS, ['DISTRICT']],
  [ZONES, ['ZONE']],
];
/** Collectives no unit kind describes: kept as a group for a person to map ("市级各相关职能部门"). */
const COLLECTIVE = /^(?:各|相关|有关|市级各|市直各|市直有关|省直有关|全市各|其他)|各有关|各相关|有关单位$|相关单位$|相关部门$/;
const DEPARTMENT_SUFFIX = /^[\u4e00-\u9fff]{1,10}(?:局|委|办|厅|委员会)$/;
// A name that already says where it belongs: a place (市, 省, 区, 县, 郑州…) or a collective.
const PLACED = /市(?!场)|省|区|县|州|^(?:国家|中央|各|相关|有关)/;
const PREFIXED_DEPARTMENT = /^([市省])[\u4e00-\u9fff]{1,12}(?:局|委|办|厅|委员会)/;
/** What may trail a list and is not a name: "A、B等按职责分工负责", "…配合". */
const LIST_TAIL = /(?:等(?:单位|部门)?)?(?:按职责分工|按照职责分工|按职责)?(?:负责|配合|参与|落实)?$/;

export interface SplitOptions {
  /** The prefix a bare department name takes when no earlier name in the list has one (default 市). */
  prefix?: string;
}

/**
 * Splits a unit list into mentions: collective phrases are recognised before splitting on
 * 、，,；;。, and a bare department name takes the prefix of the nearest department named
 * before it ("市通管办、规划局" → 市规划局), or the notice's own prefix.
 */
export function splitUnitList(raw: string, options: SplitOptions = {}): UnitMention[] {
  let text = raw.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  const groups: { name: string; kinds: GroupKinds }[] = [];
  for (const [pattern, kinds] of KNOWN_GROUPS) {
    text = text.replace(pattern, (phrase) => {
      groups.push({ name: fullWidth(phrase), kinds });
      return `、\u0000${groups.length - 1}\u0000、`;
    });
  }
  const out: UnitMention[] = [];
  let prefix = options.prefix ?? '市';
  for (const piece of text.split(/[、，,；;。]/)) {
    const token = piece.replace(LIST_TAIL, '').replace(/^(?:由|及|和|以及)/, '');
    if (!token) continue;
    // A group the text named was replaced by its index between NULs, which no notice contains.
    // eslint-disable-next-line no-control-regex
    const group = /^\u0000(\d+)\u0000$/.exec(token);
    if (group) {
      const { name, kinds } = groups[Number(group[1])];
      out.push({ name, group: kinds });
      continue;
    }
    const name = fullWidth(token);
    if (COLLECTIVE.test(name)) {
      out.push({ name, group: [] });
      continue;
    }
    const placed = PREFIXED_DEPARTMENT.exec(name);
    if (placed) prefix = placed[1];
    out.push({ name: DEPARTMENT_SUFFIX.test(name) && !PLACED.test(name) ? `${prefix}${name}` : name });
  }
  return out;
}

function fullWidth(name: string): string {
  return name.replace(/\(/g, '（').replace(/\)/g, '）');
}

/** A unit a notice may name. */
export interface DirectoryUnit {
  id: number;
  name: string;
  kind: UnitKind;
  fullName?: string | null;
  /** Other names of exactly this unit ("市发改委"). */
  aliases?: readonly string[];
  /** Collective names that include this unit ("各基础电信企业"). */
  groups?: readonly string[];
}

/** A mention after resolution. */
export interface ResolvedUnit {
  /** As the notice wrote it (after prefix carry-over); for an expanded group, the member's name. */
  name: string;
  /** The unit meant, when the directory says so unambiguously. */
  unitId?: number;
  /** The collective this entry comes from, when it comes from one. */
  group?: string;
}

/** Index of a directory: resolves names by the rules above, never by similarity. */
export class UnitDirectory {
  private readonly byName = new Map<string, DirectoryUnit[]>();

  constructor(readonly units: readonly DirectoryUnit[]) {
    for (const u of units) {
      const names = new Set([u.name, ...(u.fullName ? [u.fullName, withoutPlace(u.fullName)] : []), ...(u.aliases ?? [])]);
      for (const n of names) if (n) this.byName.set(n, [...(this.byName.get(n) ?? []), u]);
    }
  }

  /** The one unit a name means, or undefined when none or several do. */
  find(name: string): DirectoryUnit | undefined {
    for (const candidate of candidates(name)) {
      const found = this.byName.get(candidate);
      if (found) return found.length === 1 ? found[0] : undefined;
    }
    return undefined;
  }

  /** Mentions resolved: groups expanded to their units, duplicates (by unit) dropped, first place kept. */
  resolve(mentions: readonly UnitMention[]): ResolvedUnit[] {
    const out: ResolvedUnit[] = [];
    const seen = new Set<string>();
    const add = (r: ResolvedUnit) => {
      const key = r.unitId !== undefined ? `#${r.unitId}` : r.name;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(r);
    };
    for (const m of mentions) {
      const unit = this.find(m.name);
      if (unit) {
        add({ name: m.name, unitId: unit.id });
        continue;
      }
      const members = m.group ? this.units.filter((u) => (m.group!.length > 0 && m.group!.includes(u.kind)) || u.groups?.includes(m.name)) : [];
      if (members.length > 0) for (const u of members) add({ name: u.name, unitId: u.id, group: m.name });
      else add(m.group ? { name: m.name, group: m.name } : { name: m.name });
    }
    return out;
  }
}

/** "郑州市应急管理局" → "市应急管理局": notices drop the city's name and keep its 市 (or 省). */
function withoutPlace(fullName: string): string | undefined {
  const m = /^[\u4e00-\u9fff]{2,3}([市省])(.+)$/.exec(fullName);
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** The name, then the forms it may stand for: without an office suffix in brackets, without 管委会, without the city. */
function candidates(name: string): string[] {
  const out = [name];
  const bare = name.replace(/（[^）]*）$/, '');
  if (bare !== name) out.push(bare);
  for (const n of [...out]) if (n.endsWith('管委会')) out.push(n.slice(0, -3));
  for (const n of [...out]) {
    const m = /^[\u4e00-\u9fff]{2,3}?(?:市)?([\u4e00-\u9fff]+(?:区|县))$/.exec(n);
    if (m && m[1] !== n) out.push(m[1]);
  }
  return [...new Set(out)];
}
