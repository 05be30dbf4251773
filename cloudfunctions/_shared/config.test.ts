import { describe, expect, it } from '@jest/globals';
import { parseFunctionConfig } from './config';

const ENV = {
  CRM_SCENE_SECRET: 's',
  CRM_MEMBER_CODE_SECRET: 'm',
  CRM_PII_HASH_SECRET: 'p',
  CRM_TEMPLATE_IDS: '{"birthday":"tpl-b"}',
  CRM_MINIPROGRAM_STATE: 'trial',
};

describe('parseFunctionConfig', () => {
  it('reads miniprogramState and the template ids from the environment', () => {
    const config = parseFunctionConfig(ENV);
    expect(config.miniprogramState).toBe('trial');
    expect(config.templates).toEqual({ birthday: 'tpl-b' });
    expect(config.wechatApiBase).toBe('https://api.weixin.qq.com');
  });

  it('accepts each of developer, trial and formal', () => {
    for (const state of ['developer', 'trial', 'formal'])
      expect(parseFunctionConfig({ ...ENV, CRM_MINIPROGRAM_STATE: state }).miniprogramState).toBe(
        state,
      );
  });

  it('refuses a missing or unknown miniprogramState', () => {
    expect(() => parseFunctionConfig({ ...ENV, CRM_MINIPROGRAM_STATE: undefined })).toThrow(
      'missing environment variable CRM_MINIPROGRAM_STATE',
    );
    expect(() => parseFunctionConfig({ ...ENV, CRM_MINIPROGRAM_STATE: 'production' })).toThrow(
      'CRM_MINIPROGRAM_STATE must be one of developer / trial / formal: production',
    );
  });

  it('refuses template ids that are missing, not JSON, not an object, or empty', () => {
    const bad = (CRM_TEMPLATE_IDS: string | undefined) => () =>
      parseFunctionConfig({ ...ENV, CRM_TEMPLATE_IDS });
    expect(bad(undefined)).toThrow('missing environment variable CRM_TEMPLATE_IDS');
    expect(bad('{birthday:1}')).toThrow('CRM_TEMPLATE_IDS is not JSON');
    expect(bad('["a"]')).toThrow('CRM_TEMPLATE_IDS must be a JSON object');
    expect(bad('{"birthday":" "}')).toThrow('CRM_TEMPLATE_IDS.birthday must be a non-empty');
  });

  it('names every problem in one error', () => {
    expect(() => parseFunctionConfig({ CRM_MINIPROGRAM_STATE: 'x' })).toThrow(
      'function configuration: missing environment variable CRM_SCENE_SECRET; ' +
        'missing environment variable CRM_MEMBER_CODE_SECRET; ' +
        'missing environment variable CRM_PII_HASH_SECRET; ' +
        'missing environment variable CRM_TEMPLATE_IDS; ' +
        'CRM_MINIPROGRAM_STATE must be one of developer / trial / formal: x',
    );
  });
});

describe('service-account template keywords', () => {
  it('default to the local template’s keywords, and can be set', () => {
    expect(parseFunctionConfig(ENV).serviceTemplateFields.clerkFollowUp).toEqual({
      customer: 'thing1',
      subject: 'thing2',
      store: 'thing3',
      time: 'time4',
    });
    const set = parseFunctionConfig({
      ...ENV,
      CRM_SERVICE_TEMPLATE_FIELDS: '{"clerkFollowUp":{"customer":"thing7","time":"time2"}}',
    });
    expect(set.serviceTemplateFields).toEqual({
      clerkFollowUp: { customer: 'thing7', time: 'time2' },
    });
  });

  it('refuses something that is not a keyword', () => {
    expect(() =>
      parseFunctionConfig({
        ...ENV,
        CRM_SERVICE_TEMPLATE_FIELDS: '{"clerkFollowUp":{"customer":"first"}}',
      }),
    ).toThrow('CRM_SERVICE_TEMPLATE_FIELDS.clerkFollowUp.customer is not a template keyword');
    expect(() => parseFunctionConfig({ ...ENV, CRM_SERVICE_TEMPLATE_FIELDS: '[' })).toThrow(
      'CRM_SERVICE_TEMPLATE_FIELDS is not JSON',
    );
  });
});
