/** The offers' facts in French words (places, hours). Pure functions. */

/** "2 places restantes sur 3", "complet (3 places)", "non proposée". */
export function weekPlacesText(week: { places: number; left: number } | null): string {
  if (week === null) return 'non proposée';
  if (week.left === 0) return `complet (${week.places} ${week.places === 1 ? 'place' : 'places'})`;
  return `${week.left} ${week.left === 1 ? 'place restante' : 'places restantes'} sur ${week.places}`;
}

/** "08:30" → "8 h 30", "14:00" → "14 h". */
export function formatTime(time: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(time);
  if (!m) return time;
  const hours = String(Number(m[1]));
  return m[2] === '00' ? `${hours} h` : `${hours} h ${m[2]}`;
}

function minutesOf(time: string): number | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Presence of a day, break deducted: "7 h", "6 h 30". */
export function dayDuration(from: string, to: string, breakMinutes: number): string {
  const a = minutesOf(from);
  const b = minutesOf(to);
  if (a === null || b === null || b <= a) return '';
  const total = b - a - breakMinutes;
  if (total <= 0) return '';
  const h = Math.floor(total / 60);
  const min = total % 60;
  return min === 0 ? `${h} h` : `${h} h ${String(min).padStart(2, '0')}`;
}
