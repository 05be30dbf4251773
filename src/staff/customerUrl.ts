/** The customer's page of the workbench, for links from 我的顾客, tasks and tickets. */
export const customerUrl = (memberId: string): string =>
  `/staff/pages/customer/index?memberId=${encodeURIComponent(memberId)}`;
