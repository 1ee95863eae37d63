/** Edits kept per step: kept, given back, forgotten on Reset, and never a crash on bad storage. */
import { describe, expect, it } from 'vitest';
import {
  type EditStorage,
  editKey,
  forgetEdit,
  loadEdit,
  saveEdit,
} from '../../src/runtime/workbench/saved-edits.ts';

function memoryStorage(): EditStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('saved edits', () => {
  it('keeps an edit per step and gives it back', () => {
    const storage = memoryStorage();
    saveEdit(storage, 'a/01-x', 'original', 'edited');
    expect(loadEdit(storage, 'a/01-x', 'original')).toBe('edited');
    expect(loadEdit(storage, 'a/02-y', 'original')).toBeUndefined();
    expect(storage.items.get(editKey('a/01-x'))).toBe('edited');
  });

  it('forgets the edit when the code is the original again, or on Reset', () => {
    const storage = memoryStorage();
    saveEdit(storage, 'a/01-x', 'original', 'edited');
    saveEdit(storage, 'a/01-x', 'original', 'original');
    expect(storage.items.size).toBe(0);
    saveEdit(storage, 'a/01-x', 'original', 'edited');
    forgetEdit(storage, 'a/01-x');
    expect(loadEdit(storage, 'a/01-x', 'original')).toBeUndefined();
  });

  it('goes on without storage that throws (full or blocked)', () => {
    const broken: EditStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => saveEdit(broken, 'a/01-x', 'original', 'edited')).not.toThrow();
    expect(loadEdit(broken, 'a/01-x', 'original')).toBeUndefined();
    expect(() => forgetEdit(broken, 'a/01-x')).not.toThrow();
    expect(loadEdit(undefined, 'a/01-x', 'original')).toBeUndefined();
  });
});
