/** What the app hands the emulator when it starts it (`startEmulator(options)`, emulator/index.ts). */
import type { PersonaSource } from './gateway/personas';
import type { AppControls } from './gateway/control';

export type EmulatorOptions = {
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** Where the emulator keeps its SQLite file. Default `.data` (relative to the working directory). */
  dataDir?: string;
  /** The built function bundles, one folder per function. Default `dist/cloudfunctions`. */
  functionsDir?: string;
  /** The H5 build served at `/`. Default `dist/h5`. */
  h5Dir?: string;
  /** Collections and their indexes (see emulator/db/indexSpec.ts). Default `database/indexes.json`. */
  indexesPath?: string;
  /**
   * The mini-program's app.json (its pages: message and QR APIs refuse other pages with
   * 41030). Default `dist/weapp/app.json`; when missing, every page is accepted.
   */
  appJsonPath?: string;
  /** The mini-program appid the platform puts in events and watermarks. Default LOCAL_APPID. */
  appid?: string;
  /** The service account (公众号) whose credentials stable_token accepts. Default LOCAL_SERVICE_ACCOUNT. */
  serviceAccount?: { appid: string; secret: string };
  /** The app's name, shown by the console. */
  appName?: string;
  /** start the timer loop (tests fire timers explicitly and may turn it off) */
  timers?: boolean;
  maxInstances?: number;
  /** 'silent' drops what functions print to stdout (errors still show) */
  functionLogs?: 'inherit' | 'silent';
  /** function timeouts in seconds, overriding dist/cloudbaserc.json (like changing them in the console) */
  functionTimeouts?: Record<string, number>;
  /**
   * Milliseconds each database request waits before it is answered, like the round trip to
   * CloudBase (0 locally by default; tests of jobs cut short by their deadline set it, so a
   * batch takes time whatever the machine's speed).
   */
  databaseLatencyMs?: number;
  /**
   * The app's function environment (what its cloud environment sets for the functions),
   * given the emulator's URL once it listens; added to the SCF runtime's own variables.
   */
  functionEnv?: Record<string, string> | ((emulator: { url: string }) => Record<string, string>);
  /** Who the console offers to act as (read from the data); a brand-new visitor only by default. */
  personas?: PersonaSource;
  /** The app's own controls, served at `GET /__emulator/app/<name>` (for its scripts and docs). */
  controls?: AppControls;
};
