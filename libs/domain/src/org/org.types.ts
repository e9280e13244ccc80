/** Kinds of unit (单位) named by the mechanism's documents. */
export const UNIT_KINDS = ['DEPARTMENT', 'ZONE', 'DISTRICT', 'ENTERPRISE', 'ASSOCIATION', 'OFFICE'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Chain categories: 新兴 (emerging), 传统优势 (traditional), 集群 (provincial cluster chains). */
export const CHAIN_CATEGORIES = ['EMERGING', 'TRADITIONAL', 'CLUSTER'] as const;
export type ChainCategory = (typeof CHAIN_CATEGORIES)[number];

/** What a unit or person is to a chain. */
export const CHAIN_ROLES = ['GENERAL_LEADER', 'LEADER', 'SUB_LEADER', 'LEAD_UNIT', 'PARTICIPANT', 'TASK_FORCE', 'ALLIANCE'] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

export const LEADER_ROLES: readonly ChainRole[] = ['GENERAL_LEADER', 'LEADER', 'SUB_LEADER'];

/** Login roles (API.md, "Auth and people"). */
export const USER_ROLES = ['ADMIN', 'SUPERVISOR', 'CHAIN_LEADER', 'LEAD_UNIT', 'UNIT_LIAISON'] as const;
export type UserRole = (typeof USER_ROLES)[number];
