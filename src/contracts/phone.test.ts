/**
 * The contracts read a phone the one way (domain/phone.ts): the till's `lookupMember` and
 * the `pos` member field normalise what was typed or scanned before the function sees it.
 */
import { describe, expect, it } from '@jest/globals';
import { parseRequest } from './define';
import { posOrderSchema } from './pos';
import { staffContract } from './staff';

describe('phone fields of the contracts', () => {
  it.each(['13912345678', '139 1234 5678', '+86 139-1234-5678', '１３９１２３４５６７８'])(
    'lookupMember reads %j as 13912345678',
    (phone) => {
      expect(parseRequest(staffContract, { action: 'lookupMember', phone })).toEqual({
        action: 'lookupMember',
        phone: '13912345678',
      });
    },
  );

  it.each(['12912345678', '1391234567', '139abc45678', ''])('lookupMember refuses %j', (phone) => {
    let thrown: unknown = null;
    try {
      parseRequest(staffContract, { action: 'lookupMember', phone });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'COMMON.INVALID_INPUT' });
  });

  it('the pos order reads its phone the same way', () => {
    const order = {
      storeId: 'S001',
      receiptNo: 'R1',
      lines: [{ category: '家居', amountFen: 100 }],
    };
    expect(posOrderSchema.parse({ ...order, phone: '+86 139 1234 5678' }).phone).toBe(
      '13912345678',
    );
    expect(posOrderSchema.safeParse({ ...order, phone: '12912345678' }).success).toBe(false);
  });
});
