import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TAG_RULES } from '../tags/families';
import { campaignFromDraft, emptyCampaignDraft, tagChoices } from './form';

const ok = { ...emptyCampaignDraft(), name: '双十二', couponTemplateId: 'tpl_1' };

describe('campaign form', () => {
  it('offers every ordered tag value of the rules', () => {
    const groups = tagChoices(DEFAULT_TAG_RULES);
    const frequency = groups.find((g) => g.family === 'frequency')!;
    expect(frequency.name).toBe('购买频次');
    expect(frequency.choices).toContainEqual({ key: 'frequency:高频', label: '高频' });
    const keys = groups.flatMap((g) => g.choices.map((c) => c.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('a filled draft is the campaign: tags all-of, levels, defaults, no message when empty', () => {
    const r = campaignFromDraft({ ...ok, tagKeys: ['frequency:高频'], levels: ['gold'] }, 5);
    expect(r).toEqual({
      ok: true,
      campaign: {
        name: '双十二',
        segment: {
          tags: { all: ['frequency:高频'], any: [], none: [] },
          manualTags: [],
          levels: ['gold'],
        },
        couponTemplateId: 'tpl_1',
        holdoutPercent: 10,
        attributionDays: 14,
        startAt: 5,
      },
    });
  });
  it.each([
    ['no name', { name: '' }, '请填写活动名称（最多 20 字）'],
    ['no template', { couponTemplateId: '' }, '请选择优惠券模板'],
    ['holdout 60', { holdoutPercent: '60' }, '对照组比例为 0–50% 的整数'],
    ['holdout 1.5', { holdoutPercent: '1.5' }, '对照组比例为 0–50% 的整数'],
    ['window 0', { attributionDays: '0' }, '归因天数为 1–90 天的整数'],
    [
      'a title without text',
      { messageTitle: '你好' },
      '消息标题最多 20 字、内容最多 60 字，两项都要填',
    ],
  ])('refuses %s', (_n, over, message) => {
    expect(campaignFromDraft({ ...ok, ...over }, 5)).toEqual({ ok: false, message });
  });
});
