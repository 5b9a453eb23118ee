/** Chinese names for the graph's enums and keys, as the people using the pages call them. */
import type { SystemName } from '../../domain/systems';
import { DEPARTMENT_LABELS } from '../../domain/forms/labels';

// The forms' words (死亡/迁出, 男/女, departments) are one table with the downloads'.
export { DEPARTMENT_LABELS, KIND_LABELS, SEX_LABELS } from '../../domain/forms/labels';

export const SYSTEM_LABELS: Record<SystemName, { name: string; department: string }> = {
  COMMUNITY_REGISTRY: { name: '社区人口登记系统', department: '社区' },
  SOCIAL_ASSISTANCE: { name: '社会救助系统', department: '民政' },
  ELDERLY_DISABILITY_SUBSIDY: { name: '高龄津贴和残疾人补贴系统', department: '民政' },
  SOCIAL_INSURANCE: { name: '社会保险系统', department: '人社' },
  HEALTH_PLATFORM: { name: '全民健康信息平台', department: '卫健' },
  HOUSEHOLD_REGISTRATION: { name: '户籍管理系统（数据共享交换平台）', department: '公安' },
};

export const ROLE_LABELS: Record<string, string> = {
  ...DEPARTMENT_LABELS,
  community: '社区工作人员',
  supervision: '纪检监察（监督）',
};

export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  DELIVERED: '已送达',
  NOT_APPLICABLE: '无需处理',
  PENDING: '处理中',
  FAILED: '失败',
  WITHDRAWN: '已撤回',
};

export const INTAKE_STATUS_LABELS: Record<string, string> = {
  COMPLETE: '已全部送达',
  IN_PROGRESS: '正在送达各部门',
  NEEDS_ATTENTION: '部分送达失败，已转人工处理',
  AWAITING_CONFIRMATION: '等待社区工作人员确认',
  REJECTED: '社区工作人员未予受理',
  WITHDRAWN: '已撤回',
};

/** Why a delivery is on the "needs attention" list. */
export const ATTENTION_REASON_LABELS: Record<string, string> = {
  FAILED: '送达失败，已停止自动重试',
  OVERDUE: '长时间未送达',
  WITHDRAWN_AFTER_DELIVERY: '上报已撤回，但此前已写入本系统：请在本部门系统中冲正',
};

/**
 * A delivery's stored error (`CODE: detail`, no personal data) in words a clerk acts on; the
 * detail follows for whoever fixes the system.
 */
export const DELIVERY_ERROR_LABELS: Record<string, string> = {
  SYSTEM_UNAVAILABLE: '部门系统无法连接（可能停机或网络中断），系统恢复后请点“重试”',
  SYSTEM_TIMEOUT: '部门系统响应超时，系统恢复后请点“重试”',
  SYSTEM_ERROR: '部门系统返回错误，请联系该系统的管理员，修复后点“重试”',
  SYSTEM_RATE_LIMITED: '部门系统繁忙（请求过多），稍后请点“重试”',
  REFUSED: '部门系统拒绝了这条记录（与系统中的记录不一致），请先核对记录，再点“重试”',
};

export const PERIOD_PRESET_LABELS: Record<string, string> = {
  THIS_MONTH: '本月',
  LAST_MONTH: '上月',
  THIS_QUARTER: '本季度',
  LAST_QUARTER: '上季度',
  YEAR_TO_DATE: '本年至今',
};

export const BENEFIT_LABELS: Record<string, string> = {
  SUBSISTENCE_ALLOWANCE: '最低生活保障',
  SPECIAL_HARDSHIP: '特困人员救助供养',
  ELDERLY_SUBSIDY: '高龄津贴',
  DISABILITY_SUBSIDY: '残疾人两项补贴',
  EMPLOYEE_PENSION: '职工基本养老金',
  RESIDENT_PENSION: '城乡居民养老金',
  FAMILY_PLANNING_ASSISTANCE: '计划生育特别扶助金',
};
