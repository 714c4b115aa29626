import type { Role } from '../../../src/domain/permissions.ts';

/** One entry of the header's main navigation. */
export interface NavEntry {
  text: string;
  to: string;
}

/**
 * The header's main navigation: what everyone sees first, then what the signed-in role adds, in
 * the order of the user's work. Each module adds its pages here (and its routes in App.tsx).
 */
export const PUBLIC_NAV: NavEntry[] = [{ text: 'Trouver un stage', to: '/offres' }];

export const ROLE_NAV: Partial<Record<Role, NavEntry[]>> = {
  student: [
    { text: 'Mes candidatures', to: '/candidatures' },
    { text: 'Mes conventions', to: '/conventions' },
  ],
  guardian: [{ text: 'Conventions de stage', to: '/conventions' }],
  ien: [
    { text: 'Offres à valider', to: '/validation-des-offres' },
    { text: 'Pilotage', to: '/pilotage' },
  ],
  admin: [
    { text: 'Modération', to: '/moderation' },
    { text: 'Modèles de convention', to: '/modeles-de-convention' },
    { text: 'Pilotage', to: '/pilotage' },
  ],
  rectorat: [
    { text: 'Pilotage', to: '/pilotage' },
    { text: 'Les offres de nos services', to: '/mes-offres' },
    { text: 'Modération', to: '/moderation' },
    { text: 'Modèles de convention', to: '/modeles-de-convention' },
  ],
  host_member: [
    { text: 'Mes offres', to: '/mes-offres' },
    { text: 'Candidatures', to: '/organisme/candidatures' },
    { text: 'Conventions', to: '/conventions' },
    { text: 'Membres', to: '/organisme/membres' },
  ],
  school_head: [
    { text: 'Les offres du lycée', to: '/mes-offres' },
    { text: 'Conventions', to: '/conventions' },
    { text: 'Pilotage', to: '/pilotage' },
  ],
  school_staff: [
    { text: 'Conventions', to: '/conventions' },
    { text: 'Pilotage', to: '/pilotage' },
  ],
  school_director: [{ text: 'Les offres de l’école', to: '/mes-offres' }],
  dsden: [
    { text: 'Pilotage', to: '/pilotage' },
    { text: 'Les offres de nos services', to: '/mes-offres' },
  ],
};

/** The entries shown to a visitor (role undefined) or to a signed-in role. */
export function navigationFor(role: Role | undefined): NavEntry[] {
  return [...PUBLIC_NAV, ...((role && ROLE_NAV[role]) ?? [])];
}
