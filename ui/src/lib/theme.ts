// Theme: follows prefers-color-scheme unless the user picked light or dark (kept locally).

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'fieldguide.theme';

export function loadTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    /* ignore */
  }
}

export const nextTheme = (t: ThemeChoice): ThemeChoice => (t === 'system' ? 'light' : t === 'light' ? 'dark' : 'system');
export const themeLabel = (t: ThemeChoice): string => (t === 'system' ? 'follow system' : t);
