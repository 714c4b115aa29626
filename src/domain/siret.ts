/**
 * SIRET: 14 digits (SIREN + NIC), checked with the Luhn algorithm. Exception: La Poste's
 * establishments (SIREN 356000000) do not follow Luhn; their SIRET is valid when the sum of its
 * digits is a multiple of 5 — except the head office, 356 000 000 00048, which follows Luhn
 * (the same rule as python-stdnum's siret module).
 */

const LA_POSTE_SIREN = '356000000';
const LA_POSTE_HEAD_OFFICE = '35600000000048';

/** Removes the spaces people type ("732 829 320 00074"). */
export function normaliseSiret(input: string): string {
  return input.replace(/[\s\u00a0\u202f.]/g, '');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type SiretIssue = 'format' | 'checksum';

export const SIRET_MESSAGES: Record<SiretIssue, string> = {
  format: 'Le SIRET doit comporter 14 chiffres.',
  checksum: 'Ce SIRET n’est pas valide : vérifiez les 14 chiffres (clé de contrôle incorrecte).',
};

/** null when the SIRET is valid (after normaliseSiret), else what is wrong. */
export function siretIssue(siret: string): SiretIssue | null {
  if (!/^\d{14}$/.test(siret)) return 'format';
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE) {
    const sum = [...siret].reduce((s, c) => s + Number(c), 0);
    return sum % 5 === 0 ? null : 'checksum';
  }
  return luhnValid(siret) ? null : 'checksum';
}

export function isValidSiret(siret: string): boolean {
  return siretIssue(siret) === null;
}
