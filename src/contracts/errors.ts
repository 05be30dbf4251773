/**
 * Stable error codes shared by cloud functions and pages.
 *
 * A code never changes meaning once shipped; the Chinese message is what a shopper,
 * clerk or manager sees. Functions throw `AppError` (via `fail`) and the boundary turns
 * it into `{ ok: false, error: { code, message } }`.
 */
export const ERRORS = {
  'COMMON.INVALID_INPUT': '输入有误，请检查后重试',
  'COMMON.UNKNOWN_ACTION': '不支持的操作',
  'COMMON.INTERNAL': '系统繁忙，请稍后再试',
  'COMMON.NOT_FOUND': '找不到相关记录',
  'COMMON.CONFLICT': '操作冲突，请重试',
  'FILE.NOT_FOUND': '找不到上传的文件，请重新上传',
  'FILE.UNREADABLE': '无法读取文件，请上传 .xlsx 或 .csv 表格',
  'CAMPAIGN.NOT_DRAFT': '活动已发布，不能重复发布',
  'AUTH.NO_IDENTITY': '无法识别您的微信身份，请重新打开小程序',
  'AUTH.NOT_MEMBER': '您还不是会员，请先注册',
  'AUTH.FORBIDDEN': '您没有权限进行此操作',
  'AUTH.WRONG_STORE': '不能操作其他门店的数据',
  'TIMER.TRIGGER_ONLY': '该功能由系统定时运行，不能直接调用',
  'CONSENT.REQUIRED': '请先阅读并同意隐私保护说明',
  'CONSENT.OUTDATED': '隐私保护说明已更新，请阅读新版本后重新同意',
  'SCENE.INVALID': '二维码无效或已被篡改，请重新扫码',
  'PHONE.CODE_INVALID': '手机号授权已失效，请重新授权',
  'PHONE.INVALID': '手机号格式不正确',
  'MEMBER.ALREADY_SIGNED_UP': '您已经是会员了',
  'MEMBER.DELETED': '该会员账号已注销',
  'MEMBER.CODE_INVALID': '会员码无效或已过期，请让顾客刷新后重试',
  'PROFILE.BIRTHDAY_LOCKED': '生日已设置，如需修改请联系门店店员',
  'COUPON.NOT_FOUND': '找不到这张优惠券',
  'COUPON.ALREADY_USED': '这张优惠券已经使用过了',
  'COUPON.EXPIRED': '这张优惠券已过期',
  'COUPON.NOT_STARTED': '这张优惠券还未到使用时间',
  'COUPON.THRESHOLD_NOT_MET': '订单金额未达到优惠券使用门槛',
  'COUPON.NOT_APPLICABLE': '这张优惠券不适用于本门店或商品品类',
  'COUPON.OUT_OF_STOCK': '优惠券已发完',
  'COUPON.LIMIT_REACHED': '已达到每人领取上限',
  'COUPON.TEMPLATE_INACTIVE': '这种优惠券已停止发放',
  'POINTS.INSUFFICIENT': '积分不足',
  'REWARD.OUT_OF_STOCK': '礼品已兑完',
  'REWARD.NOT_FOUND': '找不到这个兑换项目',
  'ORDER.DUPLICATE_RECEIPT': '该小票已记录',
  'ORDER.NOT_FOUND': '找不到这笔订单',
  'ORDER.REFUND_EXCEEDS': '退款金额超过可退金额',
  'STAFF.INVITE_INVALID': '邀请码无效或已被使用',
  'GIFT.DAILY_CAP_REACHED': '今日本店新人礼已发完，您仍可正常注册会员',
  'MEMBER.NOT_FOUND': '找不到这位会员，请核对会员码或手机号',
  'STAFF.ALREADY_BOUND': '这个微信号已绑定员工身份',
  'REWARD.LIMIT_REACHED': '您已达到该礼品的兑换上限',
  'ORDER.ALREADY_REFUNDED': '这笔订单已全额退款',
  'POS.SIGNATURE_INVALID': '收银系统签名校验失败',
  'TAGS.PREVIEW_REQUIRED': '请先预览这套规则，预览完成后再应用',
  'TAGS.PREVIEW_STALE': '规则已被他人修改或与预览不一致，请重新预览',
  'TAGS.NOTE_NOT_FOUND': '找不到这条备注',
  'TAGS.MANUAL_LIMIT': '手动标签最多 20 个',
  'TASK.NOT_YOURS': '这条回访任务不属于您',
  'TASK.NOT_OPEN': '这条回访任务已完成或已进入公海池',
  'TASK.ALREADY_DONE': '这条回访任务已记录了其他结果',
  'TASK.NOT_POOLED': '这条任务已被领取或不在公海池中',
  'TASK.DUE_IN_PAST': '回访日期不能早于今天',
  'TICKET.NOT_OPEN': '这张工单已处理完成',
  'TICKET.NOT_RESOLVED': '工单处理完成后才能评价',
  'TICKET.ALREADY_RATED': '您已经评价过这张工单了',
  'STAFF.NOT_FOUND': '找不到这位员工',
  'PICKUP.NOT_FOUND': '找不到这份待领取的礼品',
  'CATALOG.TEMPLATE_NOT_FOUND': '找不到这个优惠券模板',
  'CATALOG.TEMPLATE_INACTIVE': '这个优惠券模板已停用，请先启用或另选模板',
  'CATALOG.TEMPLATE_IN_USE': '积分商城仍在兑换这个模板的优惠券，请先停用相关兑换项目',
  'CATALOG.STORE_UNKNOWN': '适用门店中有不存在或已关闭的门店',
  'CATALOG.STOCK_CHANGED': '库存刚刚发生了变化，已为你载入最新数量，请重新确认',
  'STORE.NOT_FOUND': '找不到这家门店',
  'STORE.HAS_STAFF': '这家门店还有已绑定的员工，请先在「店员管理」中解绑后再关店',
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string = ERRORS[code], details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** Throw a coded error. `fail('POINTS.INSUFFICIENT')` */
export function fail(code: ErrorCode, message?: string, details?: unknown): never {
  throw new AppError(code, message, details);
}

export function isAppError(e: unknown): e is AppError {
  return (
    e instanceof AppError ||
    (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AppError')
  );
}
