import { ALERT_LABELS } from "../../lib/domain.js";
import type { AlertKind, OrderForm, OrderSource, SupervisionNotice, SupervisionOrder } from "../../api/supervision.js";

/** Chinese names of supervision's words. The alert kinds' names are the server's own (src/domain/supervision/supervision.ts). */
export const ALERT_KIND_LABELS: Record<AlertKind, string> = ALERT_LABELS;
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
