/**
 * What the emulator itself stands for, whatever app runs on it: the mini-program appid it
 * signs for, the service account it plays, and the environment the SCF runtime sets in every
 * function instance. An app's own settings (its function environment, personas, paths) come
 * in as options of `startEmulator`.
 */

/** Mini-program appid of the local environment (the emulator ignores signatures). */
export const LOCAL_APPID = 'wx0000000000local';

/** The service account (公众号) the emulator plays, unless the app names another. */
export const LOCAL_SERVICE_ACCOUNT = {
  appid: 'wx0000000000service',
  secret: 'local-dev-service-secret',
} as const;

/**
 * What the SCF runtime sets in every function instance, with local stand-ins: credentials
 * the SDK insists on (the emulator ignores signatures), SCF mode (so the SDK never probes
 * Tencent's metadata host), the env id and region.
 */
export const SCF_BASE_ENV: Record<string, string> = {
  TENCENTCLOUD_SECRETID: 'emulator',
  TENCENTCLOUD_SECRETKEY: 'emulator',
  TENCENTCLOUD_SESSIONTOKEN: 'emulator',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  TCB_ENV: 'local',
  SCF_NAMESPACE: 'local',
  SILENCE: 'true',
};
