// Loads the chart module (and uPlot) on first use, so the app's start never depends on it.
// uPlot builds `Intl.NumberFormat(navigator.language)` when it loads, which throws a RangeError
// for a POSIX locale name such as `C` (LANG=C): in that case the page's language reads as
// `en-US` first.

type Charts = typeof import('./charts');

let loading: Promise<Charts> | null = null;

export function loadCharts(): Promise<Charts> {
  loading ??= (guardLocale(), import('./charts'));
  return loading;
}

function guardLocale(): void {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'en-US' });
  }
}
