import type { AlertKind, OrderForm, OrderSource, SupervisionNotice, SupervisionOrder } from "../../api/supervision.js";

/** Chinese names of supervision's words (server: src/domain/supervision/supervision.ts). */
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  redo_repeated: "多次重办",
  repeat_requests: "重复诉求",
  concentrated: "集中诉求",
  overdue: "超期办理",
  missed_first_contact: "未先行联系",
  perfunctory: "敷衍答复",
  low_rates: "指标靠后或下降",
  petition_risk: "信访风险",
  notice_overdue: "通知逾期未反馈",
  order_overdue: "督办单逾期",
  rectification_overdue: "约谈整改逾期",
  progress_overdue: "进展报告超期",
  rising_cluster: "诉求快速上升（未诉先办）",
};
export const ORDER_FORM_LABELS: Record<OrderForm, string> = {
  daily: "日常督办",
  on_site: "现场督办",
  media: "媒体督办",
  meeting: "专题会议督办",
  joint: "联席会议督办",
  leader: "领导批示督办",
};
export const ORDER_SOURCE_LABELS: Record<OrderSource, string> = {
  center: "本级热线中心",
  city: "市级热线督办（扣0.2分）",
  city_written: "市级书面督办单（扣0.5分）",
  county_government: "县政府督查室（扣1分）",
  media_or_discipline: "媒体曝光/纪委移交（扣5分）",
};
export const NOTICE_STATUS: Record<SupervisionNotice["status"], { text: string; color: string }> = {
  open: { text: "待反馈", color: "processing" },
  answered: { text: "已反馈", color: "success" },
  overdue: { text: "逾期未反馈", color: "error" },
};
export const ORDER_STATUS: Record<SupervisionOrder["status"], { text: string; color: string }> = {
  open: { text: "办理中", color: "processing" },
  answered: { text: "已反馈", color: "success" },
  overdue: { text: "逾期未反馈", color: "error" },
  closed: { text: "已办结", color: "default" },
};
