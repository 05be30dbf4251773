/**
 * 我的顾客 and a customer's page in the compiled mini-program (subpackage `staff`), against
 * the real `staff` and `crm` functions in the emulator: the workbench's tile opens the list,
 * a search by phone tail finds one customer, a lifecycle chip filters; the row opens the
 * customer's page in full (own customer) with tags, a manual tag added and a note saved; a
 * colleague's customer reads masked and a reveal with a reason shows the full phone and lands
 * in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAY_MS } from '@/domain/calendar';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, find, type TestMember } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;
let mine: TestMember;
let vip: TestMember;
let theirs: TestMember;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  const clerk = seed.clerks[0];
  const now = emu.clock.now();
  const own = { clerkId: clerk.id, homeStoreId: clerk.storeId };
  mine = addMember(emu, {
    ...own,
    name: '王小二',
    gender: 'male',
    stats: { orderCount: 1, lastOrderAt: now - 3 * DAY_MS },
  });
  vip = addMember(emu, {
    ...own,
    name: '李四光',
    fields: {
      tags: { lifecycle: { value: 'VIP', reason: '金卡会员', since: 0, ruleVersion: 1 } },
      tagKeys: ['lifecycle:VIP'],
    },
  });
  theirs = addMember(emu, { name: '赵大', clerkId: 'C_OTHER', homeStoreId: clerk.storeId });
  app = await launchWeapp({ gatewayUrl: emu.url, openid: clerk.openid, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: 我的顾客', () => {
  it('searches and filters my customers, and opens one with tags, a manual tag and a note', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-customers');
    await home.tap('#tool-customers');
    const list = await app.waitForPage('staff/pages/customers/index');
    await list.waitFor(`#customer-${vip._id}`);
    expect(list.exists(`#customer-${mine._id}`)).toBe(true);
    expect(list.exists(`#customer-${theirs._id}`)).toBe(false);
    expect(list.textOf(`#customer-${vip._id}`)).toContain('金卡会员');

    await list.input('.customers__input', mine.phone.slice(-4));
    await list.tap('#customers-search');
    await waitFor(() => {
      expect(list.exists(`#customer-${vip._id}`)).toBe(false);
      expect(list.exists(`#customer-${mine._id}`)).toBe(true);
    });

    await list.input('.customers__input', '');
    await list.tap('#customers-search');
    await list.tap('#chip-lifecycle-2'); // VIP
    await waitFor(() => {
      expect(list.exists(`#customer-${mine._id}`)).toBe(false);
      expect(list.exists(`#customer-${vip._id}`)).toBe(true);
    });
    await list.tap(`#customer-${vip._id}`);

    const page = await app.waitForPage('staff/pages/customer/index');
    await page.waitFor('#field-phone');
    expect(page.textOf('#field-name')).toContain('李四光');
    expect(page.textOf('#field-phone')).toContain(vip.phone);
    expect(page.exists('.customer-field__reveal')).toBe(false);
    expect(page.textOf('#customer-tags')).toContain('金卡会员');

    await page.input('.manual-tag__input', '爱喝茶');
    await page.tap('#add-tag');
    await page.waitFor('.manual-tag__remove');
    expect(find(emu, 'members', { _id: vip._id })[0].manualTags).toEqual(['爱喝茶']);
    await page.trigger('.note__new', 'input', { value: '喜欢绿茶' });
    await page.tap('#add-note');
    await page.waitFor('.note');
    expect(page.textOf('.note')).toContain('王芳');
    expect(find(emu, 'memberNotes', { memberId: vip._id })[0]).toMatchObject({ text: '喜欢绿茶' });
  });

  it("reads a colleague's customer masked and reveals the phone with a reason", async () => {
    const page = await app.reLaunch('staff/pages/customer/index', { memberId: theirs._id });
    await page.waitFor('#field-phone');
    expect(page.textOf('#field-phone')).not.toContain(theirs.phone);
    expect(page.textOf('#field-name')).toContain('赵*');
    await page.tap('#field-phone .customer-field__reveal');
    await page.waitFor('.reveal-sheet');
    await page.input('.reveal-sheet__reason', '电话回访');
    await page.tap('#reveal-confirm');
    await page.waitForText(theirs.phone);
    expect(find(emu, 'auditLog', { 'target.id': theirs._id })[0]).toMatchObject({
      action: 'member.reveal',
      detail: { field: 'phone', reason: '电话回访' },
    });
  });
});
