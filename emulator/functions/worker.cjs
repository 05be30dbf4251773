/*
 * One emulated cloud-function instance (a worker thread). Like a real SCF instance it
 * loads the bundle once, then handles ONE invocation at a time with the per-invocation
 * environment the cloud runtime sets (WX_OPENID, TCB_CONTEXT_CNFG, …). Worker threads get
 * their own copy of process.env, so concurrent invocations in other workers never see
 * each other's identity. The emulator clock (time travel) is shared through a
 * SharedArrayBuffer holding the offset from real time.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

const offset = new Float64Array(workerData.clockBuffer);
const RealDate = Date;
class EmulatedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset[0]);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset[0];
  }
}
globalThis.Date = EmulatedDate;

Object.assign(process.env, workerData.baseEnv);
// The SDK can raise a stray rejection next to the one it returns; a real instance logs it.
process.on('unhandledRejection', (reason) => {
  console.error('[emulator] unhandled rejection in function', workerData.name, String(reason));
});
let invocationEnvKeys = [];
const bundle = require(workerData.bundlePath);

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  for (const key of invocationEnvKeys) delete process.env[key];
  invocationEnvKeys = Object.keys(msg.env);
  Object.assign(process.env, msg.env);
  const started = RealDate.now();
  try {
    const result = await bundle.main(msg.event, msg.context);
    parentPort.postMessage({
      type: 'result',
      id: msg.id,
      result: result === undefined ? null : result,
      ms: RealDate.now() - started,
    });
  } catch (error) {
    parentPort.postMessage({
      type: 'error',
      id: msg.id,
      error: {
        message: String((error && error.message) || error),
        stack: String((error && error.stack) || ''),
      },
      ms: RealDate.now() - started,
    });
  }
});
parentPort.postMessage({ type: 'ready' });
