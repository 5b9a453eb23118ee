/**
 * The embedded identity provider's people: one per department role and one community worker per
 * community of the synthetic district. Names are made up and say what the person is for, so a
 * developer picks "民政部门办事员" rather than remembering who is who.
 */
import { ROLES, type Role } from '../../platform/auth/caller';
import { COMMUNITIES } from '../../systems/seed/communities';

export interface DevelopmentUser {
  /** The account id: the tokens' `sub`. Never `qr:…` (that prefix marks a QR credential). */
  id: string;
  /** Shown on the login page and, from the ID token, on the pages. */
  name: string;
  role: Role;
  /** Community code, for community workers. */
  community?: string;
}

const DEPARTMENT_NAMES: Record<Exclude<Role, 'community'>, string> = {
  'civil-affairs': '民政部门办事员（演示）',
  hrss: '人社部门办事员（演示）',
  health: '卫健部门办事员（演示）',
  supervision: '纪检监察员（演示）',
};

export const DEVELOPMENT_USERS: readonly DevelopmentUser[] = [
  ...ROLES.filter((role): role is Exclude<Role, 'community'> => role !== 'community').map((role) => ({ id: `dev-${role}`, name: DEPARTMENT_NAMES[role], role })),
  ...COMMUNITIES.map((c) => ({ id: `dev-community-${c.code}`, name: `${c.name}工作人员（演示）`, role: 'community' as const, community: c.code })),
];

export function developmentUser(id: string): DevelopmentUser | undefined {
  return DEVELOPMENT_USERS.find((u) => u.id === id);
}

/** The platform's claims for a user: role, community for community workers, department for clerks. */
export function platformClaims(user: DevelopmentUser): Record<string, string> {
  return {
    role: user.role,
    ...(user.community ? { community: user.community } : {}),
    ...(user.role !== 'community' && user.role !== 'supervision' ? { department: user.role } : {}),
  };
}
