/**
 * Release builds refuse to guess their configuration (config/releaseEnv.ts, used by the
 * Taro config and by `build-functions --release`); local builds get the emulator's values.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  functionsReleaseEnv,
  miniProgramBuildEnv,
  ReleaseConfigError,
  REQUIRED_TEMPLATE_PURPOSES,
} from '../config/releaseEnv';
import { SENT_PURPOSES } from '../src/contracts/member';
import LOCAL_TEMPLATE_IDS from '../config/local-template-ids.json';
import taroConfig from '../config/index';

const IDS = {
  birthday: 'real-b',
  couponExpiring: 'real-c',
  pointsChanged: 'real-p',
  levelChanged: 'real-l',
  offer: 'real-o',
  clerkFollowUp: 'real-f',
};
type TaroBuildConfig = {
  defineConstants: Record<string, string>;
  env: Record<string, string>;
};
const LOCAL = { cloudEnv: 'crm-dev', templateIds: LOCAL_TEMPLATE_IDS };
const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (e) {
    if (e instanceof ReleaseConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ReleaseConfigError');
};

describe('miniProgramBuildEnv', () => {
  it('a release without CRM_CLOUD_ENV and CRM_TEMPLATE_IDS is refused, naming both', () => {
    const run = () => miniProgramBuildEnv({}, { release: true, local: LOCAL });
    expect(problemsOf(run)).toEqual([
      'CRM_CLOUD_ENV is not set: the WeChat cloud environment id (云开发控制台 → 环境 ID)',
      'CRM_TEMPLATE_IDS is not set: JSON of subscribe-message template ids by purpose',
    ]);
    expect(run).toThrow(/release build refused[\s\S]*npm run build:weapp:local/);
  });

  it('a release bakes in exactly the given env id and member template ids', () => {
    expect(
      miniProgramBuildEnv(
        { CRM_CLOUD_ENV: 'crm-prod-7f3a', CRM_TEMPLATE_IDS: JSON.stringify(IDS) },
        { release: true, local: LOCAL },
      ),
    ).toEqual({
      cloudEnv: 'crm-prod-7f3a',
      memberTemplateIds: JSON.stringify({
        birthday: 'real-b',
        levelChanged: 'real-l',
        offer: 'real-o',
        couponExpiring: 'real-c',
        pointsChanged: 'real-p',
      }),
    });
  });

  it('a release refuses a template list missing a member purpose, or holding the local ids', () => {
    const env = (ids: Record<string, string>) => ({
      CRM_CLOUD_ENV: 'crm-prod',
      CRM_TEMPLATE_IDS: JSON.stringify(ids),
    });
    expect(
      problemsOf(() =>
        miniProgramBuildEnv(env({ birthday: 'b' }), { release: true, local: LOCAL }),
      ),
    ).toEqual([
      'CRM_TEMPLATE_IDS has no template id for levelChanged, offer, couponExpiring, pointsChanged',
    ]);
    expect(
      problemsOf(() =>
        miniProgramBuildEnv(env({ ...IDS, birthday: LOCAL_TEMPLATE_IDS.birthday }), {
          release: true,
          local: LOCAL,
        }),
      ),
    ).toEqual(["CRM_TEMPLATE_IDS holds the emulator's local ids for birthday"]);
  });

  it('a release refuses a malformed env id', () => {
    expect(
      problemsOf(() =>
        miniProgramBuildEnv(
          { CRM_CLOUD_ENV: 'crm dev', CRM_TEMPLATE_IDS: JSON.stringify(IDS) },
          { release: true, local: LOCAL },
        ),
      ),
    ).toEqual(['CRM_CLOUD_ENV is not an environment id: crm dev']);
  });

  it('a local build takes the local values', () => {
    expect(miniProgramBuildEnv({}, { release: false, local: LOCAL })).toEqual({
      cloudEnv: 'crm-dev',
      memberTemplateIds: JSON.stringify({
        birthday: LOCAL_TEMPLATE_IDS.birthday,
        levelChanged: LOCAL_TEMPLATE_IDS.levelChanged,
        offer: LOCAL_TEMPLATE_IDS.offer,
        couponExpiring: LOCAL_TEMPLATE_IDS.couponExpiring,
        pointsChanged: LOCAL_TEMPLATE_IDS.pointsChanged,
      }),
    });
  });
});

describe('the template ids a release requires', () => {
  it('are exactly the purposes some function sends (SENT_PURPOSES, checked by sentPurposes.test.ts)', () => {
    expect(REQUIRED_TEMPLATE_PURPOSES).toEqual(SENT_PURPOSES);
  });

  const onlySent = Object.fromEntries(SENT_PURPOSES.map((p) => [p, `real-${p}`]));
  it('a release with ids for the sent purposes only is accepted by both builds', () => {
    const env = {
      CRM_CLOUD_ENV: 'crm-prod',
      CRM_TEMPLATE_IDS: JSON.stringify(onlySent),
      CRM_MINIPROGRAM_STATE: 'formal',
    };
    expect(miniProgramBuildEnv(env, { release: true, local: LOCAL }).memberTemplateIds).toBe(
      JSON.stringify(onlySent),
    );
    expect(functionsReleaseEnv(env).templateIds).toBe(JSON.stringify(onlySent));
  });

  it('each sent purpose without an id is named by both builds', () => {
    const env = {
      CRM_CLOUD_ENV: 'crm-prod',
      CRM_TEMPLATE_IDS: JSON.stringify({ clerkFollowUp: 'real-f' }),
      CRM_MINIPROGRAM_STATE: 'formal',
    };
    const missing = [`CRM_TEMPLATE_IDS has no template id for ${SENT_PURPOSES.join(', ')}`];
    expect(problemsOf(() => miniProgramBuildEnv(env, { release: true, local: LOCAL }))).toEqual(
      missing,
    );
    expect(problemsOf(() => functionsReleaseEnv(env))).toEqual(missing);
  });
});

describe('functionsReleaseEnv', () => {
  it("needs the env id, the sent purposes' template ids and miniprogramState", () => {
    expect(problemsOf(() => functionsReleaseEnv({}))).toEqual([
      'CRM_CLOUD_ENV is not set: the WeChat cloud environment id (云开发控制台 → 环境 ID)',
      'CRM_TEMPLATE_IDS is not set: JSON of subscribe-message template ids by purpose',
      'CRM_MINIPROGRAM_STATE is not set: developer / trial / formal (the version messages open)',
    ]);
    const { levelChanged: _omit, ...noLevel } = IDS;
    void _omit;
    expect(
      problemsOf(() =>
        functionsReleaseEnv({
          CRM_CLOUD_ENV: 'crm-prod',
          CRM_TEMPLATE_IDS: JSON.stringify(noLevel),
          CRM_MINIPROGRAM_STATE: 'release',
        }),
      ),
    ).toEqual([
      'CRM_TEMPLATE_IDS has no template id for levelChanged',
      'CRM_MINIPROGRAM_STATE must be one of developer / trial / formal: release',
    ]);
  });

  it('answers what the release writes into cloudbaserc.json', () => {
    expect(
      functionsReleaseEnv({
        CRM_CLOUD_ENV: 'crm-prod',
        CRM_TEMPLATE_IDS: JSON.stringify(IDS),
        CRM_MINIPROGRAM_STATE: 'formal',
      }),
    ).toEqual({
      cloudEnv: 'crm-prod',
      templateIds: JSON.stringify(IDS),
      miniprogramState: 'formal',
    });
  });
});

describe('the Taro build configuration (config/index.ts)', () => {
  const KEYS = ['CRM_CLOUD_ENV', 'CRM_TEMPLATE_IDS', 'CRM_LOCAL_BUILD', 'NODE_ENV'] as const;
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    for (const k of KEYS) delete process.env[k];
    process.env.NODE_ENV = 'production';
  });
  afterEach(() => {
    for (const k of KEYS)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });
  const build = () =>
    (taroConfig as unknown as (merge: (...c: object[]) => object) => Promise<TaroBuildConfig>)(
      (...configs) => Object.assign({}, ...configs),
    );

  it('a weapp production build without the variables fails with the message', async () => {
    await expect(build()).rejects.toThrow(
      /CRM_CLOUD_ENV is not set[\s\S]*CRM_TEMPLATE_IDS is not set/,
    );
  });

  it('a weapp production build bakes in the given env id', async () => {
    process.env.CRM_CLOUD_ENV = 'crm-prod-7f3a';
    process.env.CRM_TEMPLATE_IDS = JSON.stringify(IDS);
    const config = await build();
    expect(config.defineConstants.CLOUD_ENV).toBe('"crm-prod-7f3a"');
    expect(JSON.parse(JSON.parse(config.env.TARO_APP_TEMPLATE_IDS))).toMatchObject({
      birthday: 'real-b',
    });
  });

  it('a local build (CRM_LOCAL_BUILD=1, as npm start and npm test hand in) keeps working', async () => {
    process.env.CRM_LOCAL_BUILD = '1';
    const config = await build();
    expect(config.defineConstants.CLOUD_ENV).toBe('"crm-dev"');
  });
});
