import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock, LIST_TYPES, listItemOwner, ListType, UnitKind } from '@duban/domain';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { DEFAULT_ZONE } from '../cadences/cadences.service';
import { Page, PageRequest, pageOffset } from '../common/page';

export interface ListItemView {
  id: number;
  chainId: number;
  type: ListType;
  name: string;
  ownerUnitId: number;
  ownerUnitName: string;
  detail: string | null;
  addedAt: string;
  addedReason: string | null;
  removedAt: string | null;
  removedReason: string | null;
}

/** A month's additions and removals, with counts per list. */
export interface ListHistoryView {
  month: string;
  added: ListItemView[];
  removed: ListItemView[];
  summary: Record<ListType, { added: number; removed: number }>;
}

const SELECT = `SELECT i.*, u.name AS owner_name FROM list_items i JOIN units u ON u.id = i.owner_unit_id`;

/** 四个清单 of each chain, adjusted dynamically: additions and removals carry a reason and a month. */
@Injectable()
export class ListItemsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The live lists, in list order (重点事项, 园区, 企业, 项目); a page of them when `page` is given. */
  async live(chainId: number, type?: ListType, page?: PageRequest): Promise<Page<ListItemView>> {
    await this.chainLeads(chainId);
    const where = `i.chain_id = ? AND i.removed_at IS NULL ${type ? 'AND i.type = ?' : ''}`;
    const params = [chainId, ...(type ? [type] : [])];
    const limit = page ? pageOffset(page) : null;
    const rows = await this.db.query(`${SELECT} WHERE ${where} ORDER BY FIELD(i.type, ${LIST_TYPES.map(() => '?').join(', ')}), i.id ${limit ? 'LIMIT ? OFFSET ?' : ''}`, [
      ...params,
      ...LIST_TYPES,
      ...(limit ? [limit.take, limit.skip] : []),
    ]);
    if (!limit) return { items: rows.map(toView), total: rows.length };
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total FROM list_items i WHERE ${where}`, params);
    return { items: rows.map(toView), total: Number(total) };
  }

  async add(user: AuthUser, chainId: number, input: { type: ListType; name: string; ownerUnitId?: number; detail?: string; reason?: string }): Promise<ListItemView> {
    const leads = await this.chainLeads(chainId);
    this.assertMayEdit(user, leads);
    let requested: { id: number; kind: UnitKind } | null = null;
    if (input.ownerUnitId !== undefined) {
      const [unit] = await this.db.query('SELECT id, kind FROM units WHERE id = ?', [input.ownerUnitId]);
      if (!unit) throw new BadRequestException(`ownerUnitId: no unit with id ${input.ownerUnitId}`);
      requested = { id: unit.id, kind: unit.kind };
    }
    const owner = listItemOwner(input.type, requested, leads);
    if ('problem' in owner) throw new BadRequestException(owner.problem);
    const now = this.clock.now();
    const result = await this.db.query(
      `INSERT INTO list_items (chain_id, type, name, owner_unit_id, detail, added_at, added_month, added_by, added_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [chainId, input.type, input.name, owner.ownerUnitId, input.detail ?? null, now, monthOf(now), user.id, input.reason ?? null],
    );
    return this.find(chainId, Number(result.insertId));
  }

  async remove(user: AuthUser, chainId: number, itemId: number, reason: string): Promise<ListItemView> {
    this.assertMayEdit(user, await this.chainLeads(chainId));
    const now = this.clock.now();
    const result = await this.db.query(
      `UPDATE list_items SET removed_at = ?, removed_month = ?, removed_by = ?, removed_reason = ? WHERE id = ? AND chain_id = ? AND removed_at IS NULL`,
      [now, monthOf(now), user.id, reason, itemId, chainId],
    );
    if (result.affectedRows !== 1) throw new NotFoundException(`list item ${itemId} is not on chain ${chainId}'s live lists`);
    return this.find(chainId, itemId);
  }

  /** Additions and removals of a month (default: the current one), with counts per list. */
  async history(chainId: number, month?: string): Promise<ListHistoryView> {
    await this.chainLeads(chainId);
    const m = month ?? monthOf(this.clock.now());
    const added: ListItemView[] = (await this.db.query(`${SELECT} WHERE i.chain_id = ? AND i.added_month = ? ORDER BY i.added_at, i.id`, [chainId, m])).map(toView);
    const removed: ListItemView[] = (await this.db.query(`${SELECT} WHERE i.chain_id = ? AND i.removed_month = ? ORDER BY i.removed_at, i.id`, [chainId, m])).map(toView);
    const summary = Object.fromEntries(
      LIST_TYPES.map((t) => [t, { added: added.filter((i) => i.type === t).length, removed: removed.filter((i) => i.type === t).length }]),
    ) as ListHistoryView['summary'];
    return { month: m, added, removed, summary };
  }

  /** The chain's lead departments (404 for an unknown chain). */
  async chainLeads(chainId: number): Promise<number[]> {
    const [chain] = await this.db.query('SELECT id FROM chains WHERE id = ?', [chainId]);
    if (!chain) throw new NotFoundException(`chain ${chainId} not found`);
    const rows = await this.db.query(`SELECT unit_id FROM chain_roles WHERE chain_id = ? AND role = 'LEAD_UNIT' AND unit_id IS NOT NULL ORDER BY position, id`, [chainId]);
    return rows.map((r: { unit_id: number }) => Number(r.unit_id));
  }

  private assertMayEdit(user: AuthUser, leads: number[]): void {
    if (seesEverything(user)) return;
    if (user.roles.includes('LEAD_UNIT') && user.unitId !== null && leads.includes(user.unitId)) return;
    throw new ForbiddenException("only the chain's lead department, a supervisor or an admin may adjust its lists");
  }

  private async find(chainId: number, id: number): Promise<ListItemView> {
    const [row] = await this.db.query(`${SELECT} WHERE i.chain_id = ? AND i.id = ?`, [chainId, id]);
    return toView(row);
  }
}

export function monthOf(at: Date): string {
  return DateTime.fromJSDate(at, { zone: DEFAULT_ZONE }).toFormat('yyyy-MM');
}

function toView(r: Record<string, any>): ListItemView {
  return {
    id: r.id,
    chainId: r.chain_id,
    type: r.type,
    name: r.name,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_name,
    detail: r.detail,
    addedAt: r.added_at.toISOString(),
    addedReason: r.added_reason,
    removedAt: r.removed_at?.toISOString() ?? null,
    removedReason: r.removed_reason,
  };
}
