/**
 * Runs built cloud-function bundles (dist/cloudfunctions/<name>/index.js) the way the
 * cloud does: `main(event, context)` in an instance that serves one invocation at a time,
 * with the WeChat context in process.env. Each function gets a pool of worker-thread
 * instances (scaled up to `maxInstances`, then calls queue), so concurrent calls run
 * concurrently against the database, as they would in production.
 */
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { EmulatorClock } from '../clock';
import type { Faults } from './faults';
import { discoverFunctions, type FunctionSpec } from './discover';
import {
  executeFailure,
  invocationContext,
  invocationEnv,
  type CallerIdentity,
  type InvocationResult,
} from './invocation';

export { discoverFunctions, type FunctionConfigJson, type FunctionSpec } from './discover';
export type { CallerIdentity, InvocationResult } from './invocation';

type Pending = {
  id: string;
  event: unknown;
  env: Record<string, string>;
  context: Record<string, unknown>;
  resolve: (r: InvocationResult) => void;
};

type Instance = {
  worker: Worker;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
  ready: Promise<void>;
};

const WORKER_PATH = resolve(__dirname, 'worker.cjs');

export type RunnerOptions = {
  functionsDir: string;
  clock: EmulatorClock;
  /** URL prefix of the emulator's SDK endpoint; the invocation id is appended. */
  tcbUrl: string;
  /** env every instance starts with (credentials stand-ins, CRM_* configuration) */
  baseEnv: Record<string, string>;
  appid: string;
  maxInstances?: number;
  /** what the functions print (console.log of bundles): shown by default, dropped in tests */
  functionLogs?: 'inherit' | 'silent';
  /** function timeouts in seconds, as if changed in the console (tests: a tiny timeout) */
  timeouts?: Record<string, number>;
  /** fault injection (tests): told of each invocation; kills go through `kill` */
  faults?: Faults;
};

export function createFunctionRunner(opts: RunnerOptions) {
  const maxInstances = opts.maxInstances ?? 8;
  const specs = new Map(
    discoverFunctions(opts.functionsDir, opts.timeouts).map((s) => [s.name, s]),
  );
  const pools = new Map<string, { instances: Instance[]; queue: Pending[] }>();
  /** invocation id → function name, while the invocation runs (open-API permissions) */
  const running = new Map<string, string>();

  function pool(name: string) {
    let p = pools.get(name);
    if (!p) {
      p = { instances: [], queue: [] };
      pools.set(name, p);
    }
    return p;
  }

  function spawn(spec: FunctionSpec): Instance {
    const worker = new Worker(WORKER_PATH, {
      workerData: {
        name: spec.name,
        bundlePath: spec.bundlePath,
        baseEnv: opts.baseEnv,
        clockBuffer: opts.clock.buffer,
      },
      stdout: opts.functionLogs === 'silent',
      stderr: false,
    });
    if (opts.functionLogs === 'silent') worker.stdout.resume();
    let markReady: () => void = () => {};
    const instance: Instance = {
      worker,
      busy: null,
      timer: null,
      ready: new Promise<void>((r) => (markReady = r)),
    };
    worker.on(
      'message',
      (msg: {
        type: string;
        id?: string;
        result?: unknown;
        error?: { message: string };
        ms?: number;
      }) => {
        if (msg.type === 'ready') return markReady();
        const job = instance.busy;
        if (!job || job.id !== msg.id) return;
        finish(
          spec,
          instance,
          msg.type === 'result'
            ? { ok: true, result: msg.result, invocationId: job.id, ms: msg.ms ?? 0 }
            : executeFailure(job.id, String(msg.error?.message), msg.ms ?? 0),
        );
      },
    );
    worker.on('error', (e) => {
      const job = instance.busy;
      remove(spec.name, instance);
      if (job) job.resolve(executeFailure(job.id, e.message));
      drain(spec);
    });
    return instance;
  }

  function remove(name: string, instance: Instance) {
    const p = pool(name);
    p.instances = p.instances.filter((i) => i !== instance);
    if (instance.timer) clearTimeout(instance.timer);
  }

  /** Terminate a busy instance: its invocation fails with `why`, the queue moves on. */
  async function end(name: string, instance: Instance, why: string): Promise<void> {
    const job = instance.busy!;
    remove(name, instance);
    const terminated = instance.worker.terminate();
    job.resolve(executeFailure(job.id, why));
    const spec = specs.get(name);
    if (spec) drain(spec);
    await terminated;
  }

  function finish(spec: FunctionSpec, instance: Instance, result: InvocationResult) {
    const job = instance.busy;
    if (instance.timer) clearTimeout(instance.timer);
    instance.timer = null;
    instance.busy = null;
    job?.resolve(result);
    drain(spec);
  }

  function start(spec: FunctionSpec, instance: Instance, job: Pending) {
    instance.busy = job;
    void instance.ready.then(() => {
      const timeoutMs = spec.timeoutS * 1000;
      instance.timer = setTimeout(() => {
        remove(spec.name, instance);
        void instance.worker.terminate();
        job.resolve({
          ok: false,
          errCode: -504003,
          errMsg: `Invoking task timed out after ${timeoutMs / 1000} seconds`,
          invocationId: job.id,
          ms: timeoutMs,
        });
        drain(spec);
      }, timeoutMs);
      try {
        instance.worker.postMessage({
          type: 'invoke',
          id: job.id,
          event: job.event,
          env: job.env,
          context: job.context,
        });
      } catch (error) {
        // the event cannot be cloned (too deep, a function value …): the instance never saw it
        finish(spec, instance, {
          ok: false,
          errCode: -501007,
          errMsg: `[InvalidParameterValue] the event cannot be delivered to the function: ${(error as Error).message}`,
          invocationId: job.id,
          ms: 0,
        });
      }
    });
  }

  function drain(spec: FunctionSpec) {
    const p = pool(spec.name);
    while (p.queue.length > 0) {
      let idle = p.instances.find((i) => !i.busy);
      if (!idle && p.instances.length < maxInstances) {
        idle = spawn(spec);
        p.instances.push(idle);
      }
      if (!idle) return;
      start(spec, idle, p.queue.shift()!);
    }
  }

  return {
    list: () => [...specs.values()],
    get: (name: string) => specs.get(name),
    invoke(name: string, event: unknown, caller: CallerIdentity): Promise<InvocationResult> {
      const spec = specs.get(name);
      const invocationId = randomBytes(12).toString('hex');
      if (!spec) {
        return Promise.resolve({
          ok: false,
          errCode: -501000,
          errMsg: `FunctionName parameter could not be found: ${name}`,
          invocationId,
          ms: 0,
        });
      }
      const env = invocationEnv(caller, { appid: opts.appid, tcbUrl: opts.tcbUrl, invocationId });
      const context = invocationContext(spec, invocationId);
      running.set(invocationId, name);
      return new Promise<InvocationResult>((resolvePromise) => {
        const resolve = (r: InvocationResult) => {
          running.delete(invocationId);
          resolvePromise(r);
        };
        opts.faults?.onInvoke(name, invocationId);
        pool(name).queue.push({ id: invocationId, event, env, context, resolve });
        drain(spec);
      });
    },
    /** The function a running invocation belongs to. */
    functionOf: (invocationId: string) => running.get(invocationId),
    /**
     * End every instance of `name` that is running an invocation right now, as the platform
     * does when it recycles an instance (or the process crashes): the work stops wherever it
     * is and the invocation fails. Answers how many were ended.
     */
    recycle(name: string): number {
      const busy = pool(name).instances.filter((i) => i.busy);
      for (const instance of busy) void end(name, instance, 'instance recycled');
      return busy.length;
    },
    /** Kill the instance running `invocationId` (fault injection): it fails, nothing retries it. */
    async kill(invocationId: string): Promise<void> {
      for (const [name, p] of pools) {
        const instance = p.instances.find((i) => i.busy?.id === invocationId);
        if (instance) return end(name, instance, 'the instance was killed (fault injection)');
      }
    },
    async close() {
      const all = [...pools.values()].flatMap((p) => p.instances);
      pools.clear();
      await Promise.all(all.map((i) => i.worker.terminate()));
    },
  };
}

export type FunctionRunner = ReturnType<typeof createFunctionRunner>;
