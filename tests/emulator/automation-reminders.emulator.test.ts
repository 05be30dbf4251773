/**
 * Automations tell staff: the 高价值沉默 recall reminds the member's own clerk of the call
 * task, the birthday preparation every manager of the member's store (gift pack and call),
 * each as a workbench reminder and a 服务号 template message sent by the outbox timer — once
 * per run step and person, however often the night reruns; a member without a clerk goes to
 * the store's managers; a staff member who does not follow the 服务号 has the reminder in the
 * workbench only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, find, thresholdTemplate } from './support/loyalty';
import { addTaggedMember, fireTimer } from './support/tags';
import { only, setAutomations } from './support/automations';
import { delivered, follow, run, serviceOpenid } from './support/staffMessages';

let emu: TestEmulator;
let seed: MinimalSeed;

const remindersOf = (memberId: string) =>
  find(emu, 'staffReminders', { memberId }).sort((a, b) => (a.staffId < b.staffId ? -1 : 1));

beforeAll(async () => {
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('auto-old-friend')]);
  for (const s of [...seed.clerks, ...seed.managers.filter((m) => m.storeId !== 'S002')])
    follow(emu, s);
  await run(emu, 'followers');
});
afterAll(async () => {
  await emu?.stop();
});

describe('staff reminders from automations', () => {
  it('recall: the member’s own clerk, once, as a reminder and a 服务号 message', async () => {
    emu.clock.set(shanghaiTime(2027, 10, 1, 5));
    setAutomations(emu, [only('recallHighValue')]);
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const silent = addTaggedMember(
      emu,
      [
        { daysAgo: 60, paidFen: 200_000 },
        { daysAgo: 90, paidFen: 200_000 },
      ],
      {
        clerkId: clerk.id,
        fields: { tagChangedAt: emu.clock.now(), name: '张三', gender: 'female' },
      },
    )._id;
    await fireTimer(emu, 'automations');
    await fireTimer(emu, 'automations'); // a rerun of the night: nothing twice
    expect(remindersOf(silent)).toEqual([
      expect.objectContaining({
        staffId: clerk.id,
        kind: 'automationTask',
        title: '客户跟进任务',
        body: '您的客户张女士：回访高价值老顾客，请在10月3日前完成。',
        delivery: 'pending',
      }),
    ]);
    await run(emu, 'outbox');
    await run(emu, 'outbox');
    const sent = delivered(emu, serviceOpenid(clerk));
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({
      thing1: { value: '张女士' },
      thing2: { value: '回访高价值老顾客' },
      thing3: { value: '南京西路店' },
    });
    expect(remindersOf(silent)[0].delivery).toBe('sent');
  });

  it('birthday preparation: every manager of the store; one who does not follow the 服务号 has it in the workbench only', async () => {
    emu.clock.set(shanghaiTime(2027, 11, 10, 5));
    setAutomations(emu, [only('birthdayPrep')]);
    const inStore = (storeId: string) =>
      addMember(emu, {
        name: '李四',
        gender: 'male',
        homeStoreId: storeId,
        clerkId: null,
        birthday: { month: 11, day: 13, year: 1990 },
      })._id;
    const [followed, unfollowed] = [inStore('S001'), inStore('S002')];
    await fireTimer(emu, 'automations');
    for (const [memberId, storeId] of [
      [followed, 'S001'],
      [unfollowed, 'S002'],
    ]) {
      const manager = seed.managers.find((m) => m.storeId === storeId)!;
      expect(find(emu, 'tasks', { memberId })).toEqual([
        expect.objectContaining({ assigneeRole: 'manager', title: '准备生日礼包并致电' }),
      ]);
      expect(remindersOf(memberId)).toEqual([
        expect.objectContaining({
          staffId: manager.id,
          body: '您的客户李先生：准备生日礼包并致电，请在11月13日前完成。',
        }),
      ]);
    }
    await run(emu, 'outbox');
    expect(remindersOf(followed)[0].delivery).toBe('sent');
    expect(remindersOf(unfollowed)[0].delivery).toBe('fallback');
    const s002 = seed.managers.find((m) => m.storeId === 'S002')!;
    expect(delivered(emu, serviceOpenid(s002))).toHaveLength(0);
  });
});
