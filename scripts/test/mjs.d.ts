declare module '*/browserSetup.mjs' {
  export type BrowserFacts = {
    executable: string;
    chromium: boolean;
    cjkFont: boolean;
    root: boolean;
    apt: boolean;
  };
  export type BrowserPlan =
    | { kind: 'ready' }
    | { kind: 'install'; packages: string[]; missing: string }
    | { kind: 'stop'; message: string };
  export const APT_PACKAGES: string[];
  export const INSTALL_COMMAND: string;
  export function planBrowserSetup(facts: BrowserFacts): BrowserPlan;
}
declare module '*/coverage.mjs' {
  export function summarise(
    report: Record<string, unknown>,
    root?: string,
    areas?: string[],
  ): string[];
  export function coverageLines(path: string): string[];
}
