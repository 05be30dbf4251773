/**
 * The 营销活动 page's create form as data: the tag choices of the rules in force (every
 * value of an ordered family, e.g. 生命周期·沉睡), and the draft turned into the campaign
 * `createCampaign` takes — checked by the same schema, its first problem said in Chinese.
 *
 * @example campaignFromDraft({ ...emptyCampaignDraft(), name: '双十二', tagKeys: ['lifecycle:沉睡'], couponTemplateId: 'tpl_1' }, now)
 *          // { ok: true, campaign: { name: '双十二', segment: { tags: { all: ['lifecycle:沉睡'], … } }, … } }
 */
import type { Level } from '../levels';
import type { TagRules } from '../tags/families';
import { campaignDefSchema, type CampaignDef } from './campaign';

export type TagChoice = { key: string; label: string };
export type TagChoiceGroup = { family: string; name: string; choices: TagChoice[] };

/** The values of each ordered family, grouped under the family's name. */
export function tagChoices(rules: TagRules): TagChoiceGroup[] {
  return rules.families.flatMap((f) =>
    f.kind === 'ordered'
      ? [
          {
            family: f.key,
            name: f.name,
            choices: f.values.map((v) => ({ key: `${f.key}:${v.value}`, label: v.value })),
          },
        ]
      : [],
  );
}

export type CampaignDraft = {
  name: string;
  tagKeys: string[];
  levels: Level[];
  couponTemplateId: string;
  messageTitle: string;
  messageBody: string;
  holdoutPercent: string;
  attributionDays: string;
};

export const emptyCampaignDraft = (): CampaignDraft => ({
  name: '',
  tagKeys: [],
  levels: [],
  couponTemplateId: '',
  messageTitle: '',
  messageBody: '',
  holdoutPercent: '10',
  attributionDays: '14',
});

const FIELD_PROBLEMS: Record<string, string> = {
  name: '请填写活动名称（最多 20 字）',
  couponTemplateId: '请选择优惠券模板',
  message: '消息标题最多 20 字、内容最多 60 字，两项都要填',
  holdoutPercent: '对照组比例为 0–50% 的整数',
  attributionDays: '归因天数为 1–90 天的整数',
  segment: '目标人群有误',
};

const whole = (s: string): number => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

export function campaignFromDraft(
  d: CampaignDraft,
  now: number,
): { ok: true; campaign: CampaignDef } | { ok: false; message: string } {
  const hasMessage = d.messageTitle.trim() !== '' || d.messageBody.trim() !== '';
  const parsed = campaignDefSchema.safeParse({
    name: d.name,
    segment: {
      tags: { all: d.tagKeys, any: [], none: [] },
      ...(d.levels.length ? { levels: d.levels } : {}),
    },
    couponTemplateId: d.couponTemplateId,
    ...(hasMessage ? { message: { title: d.messageTitle, body: d.messageBody } } : {}),
    holdoutPercent: whole(d.holdoutPercent),
    attributionDays: whole(d.attributionDays),
    startAt: now,
  });
  if (parsed.success) return { ok: true, campaign: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  return { ok: false, message: FIELD_PROBLEMS[field] ?? '输入有误，请检查后重试' };
}
