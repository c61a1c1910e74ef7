/**
 * The longest tablet name, as the server's contract says (DEVICE_NAME_MAX of @custody/contracts,
 * whose zod the app does not load: its eval probe breaks the page's CSP); a test holds them equal.
 */
export const DEVICE_NAME_MAX = 60;

/** What Chromium tells of itself (User-Agent Client Hints), where the browser has them. */
export interface BrowserHints {
  readonly brands?: readonly { readonly brand: string }[];
  readonly platform?: string;
}

/** Brands of the client hints, most specific first (Chrome and Edge also name "Chromium"). */
const BRANDS: readonly (readonly [string, string])[] = [
  ['Microsoft Edge', 'Edge'],
  ['Opera', 'Opera'],
  ['Samsung Internet', 'Samsung Internet'],
  ['Google Chrome', 'Chrome'],
  ['Chromium', 'Chromium'],
];

/** User-agent tokens, most specific first (every Chromium says "Chrome/", Chrome says "Safari/"). */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chromium|HeadlessChrome)\//, 'Chromium'],
  [/\b(Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPad\b/, 'iPadOS'],
  [/\b(iPhone|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const PLATFORMS: Readonly<Record<string, string>> = { 'Chrome OS': 'ChromeOS' };

/**
 * A readable name for this tablet to offer at enrolment ("Chromium · Linux", "Chrome ·
 * Android"), from the client hints where the browser has them, else the user-agent string; the
 * officer may change it. Empty when neither the browser nor the system is known.
 */
export function defaultDeviceName(userAgent: string, hints: BrowserHints = {}): string {
  const names = new Set((hints.brands ?? []).map((b) => b.brand));
  const browser =
    BRANDS.find(([brand]) => names.has(brand))?.[1] ??
    BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const platform = hints.platform?.trim();
  const system =
    platform !== undefined && platform !== ''
      ? (PLATFORMS[platform] ?? platform)
      : SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  return [browser, system]
    .filter((x) => x !== undefined)
    .join(' · ')
    .slice(0, DEVICE_NAME_MAX);
}

/** The name for this browser: `navigator.userAgentData` where present (Chromium), else the UA. */
export function thisDeviceName(): string {
  const nav = navigator as Navigator & { userAgentData?: BrowserHints };
  return defaultDeviceName(navigator.userAgent, nav.userAgentData ?? {});
}
