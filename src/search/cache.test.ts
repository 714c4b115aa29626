import { describe, expect, it } from 'vitest';
import { SearchCache } from './cache.ts';

describe('SearchCache', () => {
  it('serves an answer only under the version it was computed with', () => {
    const cache = new SearchCache<string>(10, 1_000);
    cache.set('k', '5:true', 0, 'answer');
    expect(cache.get('k', '5:true', 10)).toBe('answer');
    expect(cache.get('k', '6:true', 20)).toBeUndefined();
    // a miss on another version drops the stale entry
    expect(cache.get('k', '5:true', 30)).toBeUndefined();
  });

  it('expires answers after their lifetime', () => {
    const cache = new SearchCache<string>(10, 1_000);
    cache.set('k', 'v', 0, 'answer');
    expect(cache.get('k', 'v', 1_000)).toBe('answer');
    expect(cache.get('k', 'v', 1_001)).toBeUndefined();
  });

  it('drops the least recently used answers beyond its size', () => {
    const cache = new SearchCache<number>(2, 1_000);
    cache.set('a', 'v', 0, 1);
    cache.set('b', 'v', 0, 2);
    expect(cache.get('a', 'v', 1)).toBe(1); // a is now the most recent
    cache.set('c', 'v', 2, 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 'v', 3)).toBeUndefined();
    expect(cache.get('a', 'v', 3)).toBe(1);
    expect(cache.get('c', 'v', 3)).toBe(3);
  });
});
