import type { StaffContract } from '@/contracts/staff';
import type { Handlers } from '../_shared/callable';
import { recordOrder } from '../_shared/recordOrder';
import { bindInvite, createInvite, whoami } from './invites';
import { getCheckoutCode } from './checkout';
import { findCoupon, lookupMember } from './till';
import { refund } from './refund';
import { listStoreOrders } from './orders';
import { listStores } from './stores';
import { listChainStores, saveStore, setStoreActive } from './chainStores';
import { setMemberBirthday } from './birthday';
import { listReminders, markReminderRead } from './reminders';
import { createTask, listMyTasks, listPool } from './tasks';
import { claimTask, completeTask } from './tasksClaim';
import { assignTicket, listTickets, openTicket, resolveTicket } from './tickets';
import { getOwnerHistory } from './ownerHistory';
import { revealMemberField } from './reveal';
import { listAuditEntries } from './audit';
import { listCustomers } from './customers';
import { getCustomer } from './customer';
import { adjustPoints } from './pointsAdjust';
import { listInvites, listTeam, revokeInvite, unbindStaff } from './team';
import { storeFigures } from './figures';
import { collectPickup, listPickups, memberPickups } from './pickups';
import { getReport } from './reports';

export const handlers: Handlers<StaffContract> = {
  whoami: (_req, ctx) => whoami(ctx),
  bindInvite: (req, ctx) => bindInvite(ctx, req.code),
  createInvite: (req, ctx) => createInvite(ctx, req),
  getCheckoutCode: (_req, ctx) => getCheckoutCode(ctx),
  lookupMember: (req, ctx) => lookupMember(ctx, req),
  recordPurchase: (req, ctx) =>
    recordOrder(ctx, {
      source: 'till',
      storeId: null, // the caller's own store, from their staff record
      receiptNo: req.receiptNo,
      lines: req.lines,
      member: { id: req.memberId },
      coupon: req.couponId ? { id: req.couponId } : null,
      staff: { openid: ctx.identity.openid },
    }),
  findCoupon: (req, ctx) => findCoupon(ctx, req),
  refund: (req, ctx) => refund(ctx, req),
  setMemberBirthday: (req, ctx) => setMemberBirthday(ctx, req),
  listStores: (_req, ctx) => listStores(ctx),
  listChainStores: (_req, ctx) => listChainStores(ctx),
  saveStore: (req, ctx) => saveStore(ctx, req),
  setStoreActive: (req, ctx) => setStoreActive(ctx, req),
  listStoreOrders: (req, ctx) => listStoreOrders(ctx, req),
  listReminders: (req, ctx) => listReminders(ctx, req),
  markReminderRead: (req, ctx) => markReminderRead(ctx, req),
  listMyTasks: (req, ctx) => listMyTasks(ctx, req),
  createTask: (req, ctx) => createTask(ctx, req),
  completeTask: (req, ctx) => completeTask(ctx, req),
  listPool: (req, ctx) => listPool(ctx, req),
  claimTask: (req, ctx) => claimTask(ctx, req),
  openTicket: (req, ctx) => openTicket(ctx, req),
  assignTicket: (req, ctx) => assignTicket(ctx, req),
  resolveTicket: (req, ctx) => resolveTicket(ctx, req),
  listTickets: (req, ctx) => listTickets(ctx, req),
  getOwnerHistory: (req, ctx) => getOwnerHistory(ctx, req.memberId),
  revealMemberField: (req, ctx) => revealMemberField(ctx, req),
  listAuditEntries: (req, ctx) => listAuditEntries(ctx, req),
  listCustomers: (req, ctx) => listCustomers(ctx, req),
  getCustomer: (req, ctx) => getCustomer(ctx, req),
  adjustPoints: (req, ctx) => adjustPoints(ctx, req),
  listTeam: (req, ctx) => listTeam(ctx, req),
  unbindStaff: (req, ctx) => unbindStaff(ctx, req),
  listInvites: (req, ctx) => listInvites(ctx, req),
  revokeInvite: (req, ctx) => revokeInvite(ctx, req),
  storeFigures: (req, ctx) => storeFigures(ctx, req),
  listPickups: (req, ctx) => listPickups(ctx, req),
  memberPickups: (req, ctx) => memberPickups(ctx, req),
  collectPickup: (req, ctx) => collectPickup(ctx, req),
  getReport: (req, ctx) => getReport(ctx, req),
};
