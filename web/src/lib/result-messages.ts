import type { TicketActionName } from "../api/types.js";

/**
 * What happened, said once per action (issue 18): the toast after an action names the outcome, never
 * "{动作}成功". `body` is what was sent, `res` what the server answered (the record with its ticket).
 */
type Res = {
  outcome?: string;
  counted?: boolean;
  late?: boolean;
  status?: string;
  ticket?: { status?: string; firstContact?: { state?: string } };
  countedFailedCalls?: number;
} & Record<string, unknown>;
type Body = Record<string, unknown> | undefined;

const OUTCOME_TEXT: Record<string, string> = { no_answer: "未接通", busy: "占线", hung_up: "响铃未满被挂断（不计入）", refused: "诉求人拒绝沟通" };

const MESSAGES: Record<TicketActionName, (body: Body, res: Res | undefined, failedCalls: number) => string> = {
  dispatch: (b) => ((b?.coUnitIds as unknown[] | undefined)?.length ? "已派单（主办＋协办）" : "已派单，等待承办单位签收"),
  sign: () => "已签收，请在时限内先行联系诉求人",
  record_contact: (b, res, failed) => {
    const state = res?.ticket?.firstContact?.state;
    if (b?.outcome === "reached") return "已记录：先行联系成功";
    if (state === "deemed_reached") return `已记录${OUTCOME_TEXT[String(b?.outcome)] ?? ""} ${failed}/3，视为已联系`;
    if (b?.outcome === "refused") return "已记录：诉求人拒绝沟通（请留存录音）";
    return `已记录${OUTCOME_TEXT[String(b?.outcome)] ?? "联系"} ${failed}/3`;
  },
  request_return: (_b, res) => (res?.late ? "退单申请已提交，已超过退单时限，记为逾期退单" : "退单申请已提交，等待中心审核"),
  decide_return: (b) => (b?.approve ? (b?.reassignTo ? "已同意退单并改派" : "已同意退单，工单回到待派单") : b?.keepAsLead ? "已驳回退单：原单位继续主办，并增加协办单位" : "已驳回退单，原单位继续办理"),
  request_extension: (b) => `延期申请已提交（${String(b?.workingDays ?? "")} 个工作日），等待中心审核`,
  decide_extension: (b) => (b?.approve ? `已同意延期${b?.workingDays ? ` ${String(b.workingDays)} 个工作日` : ""}` : "已驳回延期申请"),
  reply: (_b, res) => (res?.ticket?.status === "reply_review" ? "答复已提交，等待领导签批" : "已答复，等待中心回访"),
  approve_reply: (b) => (b?.approve === false ? "已退回修改，承办人将收到退回理由" : "已签批，答复已发出"),
  follow_up: (b) =>
    b?.outcome === "unreachable" ? "已记录：回访未接通，工单保持待回访" : b?.decision === "redo" ? "已记录不满意，工单已退回重办" : b?.outcome === "unsatisfied" ? "已记录不满意，说明后办结" : "回访已记录，工单已办结",
  redo: () => "已重办，工单重新派回承办单位",
  request_exclusion: () => "剔除申请已提交，等待中心审核",
  decide_exclusion: (b) => (b?.approve ? "已同意：该工单不纳入满意度测评" : "已驳回剔除申请"),
  terminate: () => "已终结办理",
  reveal_phone: () => "已记录查看号码操作",
  auto_close: () => "已自动办结",
  co_sign: () => "已签收协办，请在协办时限内向主办单位提交协办意见",
  co_submit: (_b, res) => (res?.late ? "协办意见已提交主办单位（已超过协办时限，记为逾期）" : "协办意见已提交主办单位"),
  assign: (b) => (b?.userId ? "已分办给承办人" : "已分办至科室"),
  report_progress: () => "已报送进展，进展时限停止计时",
  merge: () => "已并单，本工单以并单方式办结",
  close_out_of_scope: () => "已按不予受理办结",
};

export function resultMessage(action: TicketActionName, body?: Body, res?: unknown, failedCalls = 0): string {
  return MESSAGES[action](body, res as Res | undefined, failedCalls);
}
