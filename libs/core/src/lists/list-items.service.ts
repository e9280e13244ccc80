import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock, LIST_TYPES, listItemOwner, ListType, UnitKind } from '@duban/domain';
import { ChainsRepository, ListItemRow, ListItemsRepository, Transactions, UnitsRepository } from '@duban/persistence';
import { FilesService, FileView } from '../files/files.service';
import { AuthUser, seesEverything } from '../auth/auth-user';
import { Page, PageRequest, pageOffset } from '../common/page';
import { ZoneService } from '../profiles/zone.service';

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
  /** Evidence given when it was added or removed. */
  files: FileView[];
}

/** A month's additions and removals, with counts per list. */
export interface ListHistoryView {
  month: string;
  added: ListItemView[];
  removed: ListItemView[];
  summary: Record<ListType, { added: number; removed: number }>;
}

/** 四个清单 of each chain, adjusted dynamically: additions and removals carry a reason and a month. */
@Injectable()
export class ListItemsService {
  constructor(
    private readonly items: ListItemsRepository,
    private readonly chains: ChainsRepository,
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
    private readonly zones: ZoneService,
    private readonly transactions: Transactions,
    private readonly files: FilesService,
  ) {}

  /** The live lists, in list order (重点事项, 园区, 企业, 项目); a page of them when `page` is given. */
  async live(chainId: number, type?: ListType, page?: PageRequest): Promise<Page<ListItemView>> {
    await this.chainLeads(chainId);
    const { rows, total } = await this.items.live(chainId, type, page ? pageOffset(page) : undefined);
    return { items: await this.withFiles(rows), total };
  }

  async add(
    user: AuthUser,
    chainId: number,
    input: { type: ListType; name: string; ownerUnitId?: number; detail?: string; reason?: string; fileIds?: number[] },
  ): Promise<ListItemView> {
    const leads = await this.chainLeads(chainId);
    this.assertMayEdit(user, leads);
    this.files.assertFileIds(input.fileIds);
    let requested: { id: number; kind: UnitKind } | null = null;
    if (input.ownerUnitId !== undefined) {
      const unit = await this.units.find(input.ownerUnitId);
      if (!unit) throw new BadRequestException(`ownerUnitId: no unit with id ${input.ownerUnitId}`);
      requested = { id: unit.id, kind: unit.kind };
    }
    const owner = listItemOwner(input.type, requested, leads);
    if ('problem' in owner) throw new BadRequestException(owner.problem);
    const now = this.clock.now();
    const month = monthOf(now, await this.zones.zone());
    const id = await this.transactions.run(async (tx) => {
      const id = await this.items.add(
        { chainId, type: input.type, name: input.name, ownerUnitId: owner.ownerUnitId, detail: input.detail ?? null, at: now, month, by: user.id, reason: input.reason ?? null },
        tx,
      );
      await this.files.attachWithin(tx, user, input.fileIds, { type: 'LIST_ITEM', id, eventId: null }, now);
      return id;
    });
    return this.find(chainId, id);
  }

  async remove(user: AuthUser, chainId: number, itemId: number, reason: string, fileIds?: number[]): Promise<ListItemView> {
    this.assertMayEdit(user, await this.chainLeads(chainId));
    this.files.assertFileIds(fileIds);
    const now = this.clock.now();
    const month = monthOf(now, await this.zones.zone());
    await this.transactions.run(async (tx) => {
      const removed = await this.items.remove(chainId, itemId, { at: now, month, by: user.id, reason }, tx);
      if (!removed) throw new NotFoundException(`list item ${itemId} is not on chain ${chainId}'s live lists`);
      await this.files.attachWithin(tx, user, fileIds, { type: 'LIST_ITEM', id: itemId, eventId: null }, now);
    });
    return this.find(chainId, itemId);
  }

  /** Additions and removals of a month (default: the current one), with counts per list. */
  async history(chainId: number, month?: string): Promise<ListHistoryView> {
    await this.chainLeads(chainId);
    const m = month ?? monthOf(this.clock.now(), await this.zones.zone());
    const added = await this.withFiles(await this.items.addedIn(chainId, m));
    const removed = await this.withFiles(await this.items.removedIn(chainId, m));
    const summary = Object.fromEntries(
      LIST_TYPES.map((t) => [t, { added: added.filter((i) => i.type === t).length, removed: removed.filter((i) => i.type === t).length }]),
    ) as ListHistoryView['summary'];
    return { month: m, added, removed, summary };
  }

  /** The chain's lead departments (404 for an unknown chain). */
  async chainLeads(chainId: number): Promise<number[]> {
    if (!(await this.chains.exists(chainId))) throw new NotFoundException(`chain ${chainId} not found`);
    return this.chains.leadUnits(chainId);
  }

  private assertMayEdit(user: AuthUser, leads: number[]): void {
    if (seesEverything(user)) return;
    if (user.roles.includes('LEAD_UNIT') && user.unitId !== null && leads.includes(user.unitId)) return;
    throw new ForbiddenException("only the chain's lead department, a supervisor or an admin may adjust its lists");
  }

  private async find(chainId: number, id: number): Promise<ListItemView> {
    const row = await this.items.find(chainId, id);
    if (!row) throw new NotFoundException(`list item ${id} is not on chain ${chainId}`);
    const [view] = await this.withFiles([row]);
    return view;
  }

  private async withFiles(rows: ListItemRow[]): Promise<ListItemView[]> {
    const files = await this.files.ofSubjects(
      'LIST_ITEM',
      rows.map((r) => r.id),
    );
    return rows.map((r) => toView(r, files.get(r.id) ?? []));
  }
}

/** The month (`YYYY-MM`) of an instant in a zone. */
export function monthOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
}

function toView(r: ListItemRow, files: FileView[]): ListItemView {
  return {
    id: r.id,
    chainId: r.chainId,
    type: r.type,
    name: r.name,
    ownerUnitId: r.ownerUnitId,
    ownerUnitName: r.ownerUnitName,
    detail: r.detail,
    addedAt: r.addedAt.toISOString(),
    addedReason: r.addedReason,
    removedAt: r.removedAt?.toISOString() ?? null,
    removedReason: r.removedReason,
    files,
  };
}
