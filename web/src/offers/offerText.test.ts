import { describe, expect, it } from 'vitest';
import { dayDuration, formatTime, weekPlacesText } from './offerText.ts';
import { backToSearch, offerPath } from './paths.ts';

describe('offer facts in French', () => {
  it('writes the places of a week', () => {
    expect(weekPlacesText(null)).toBe('non proposée');
    expect(weekPlacesText({ places: 3, left: 2 })).toBe('2 places restantes sur 3');
    expect(weekPlacesText({ places: 3, left: 1 })).toBe('1 place restante sur 3');
    expect(weekPlacesText({ places: 1, left: 0 })).toBe('complet (1 place)');
    expect(weekPlacesText({ places: 4, left: 0 })).toBe('complet (4 places)');
  });

  it('writes hours and the day’s presence, break deducted', () => {
    expect(formatTime('08:30')).toBe('8 h 30');
    expect(formatTime('14:00')).toBe('14 h');
    expect(formatTime('14:00:00')).toBe('14 h');
    expect(formatTime('midi')).toBe('midi');
    expect(dayDuration('08:30', '17:00', 90)).toBe('7 h');
    expect(dayDuration('09:00', '16:00', 30)).toBe('6 h 30');
    expect(dayDuration('09:00', '09:05', 0)).toBe('0 h 05');
    expect(dayDuration('17:00', '08:00', 0)).toBe('');
    expect(dayDuration('09:00', '10:00', 90)).toBe('');
  });
});

describe('offer page addresses', () => {
  it('escapes the id', () => {
    expect(offerPath('1c7ed6f6-7134-4b0f-9c98-cd6d8fc2efbf')).toBe(
      '/offres/1c7ed6f6-7134-4b0f-9c98-cd6d8fc2efbf',
    );
    expect(offerPath('a/b')).toBe('/offres/a%2Fb');
  });

  it('goes back to the search that opened the offer, else to a new search', () => {
    expect(backToSearch({ search: '?commune=35238&sector=sante' })).toEqual({
      to: '/offres?commune=35238&sector=sante',
      fromSearch: true,
    });
    expect(backToSearch({ search: '' })).toEqual({ to: '/offres', fromSearch: true });
    expect(backToSearch(null)).toEqual({ to: '/offres', fromSearch: false });
    expect(backToSearch({ search: 42 })).toEqual({ to: '/offres', fromSearch: false });
    // never a way out of the search page
    expect(backToSearch({ search: '//ailleurs.example' })).toEqual({ to: '/offres', fromSearch: false });
  });
});
