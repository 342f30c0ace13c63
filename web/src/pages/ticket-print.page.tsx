import { useParams } from "react-router-dom";
import { Spin } from "antd";
import { useCategories, useTicket } from "../api/hooks.js";
import { categoryPaths } from "../components/category-picker.js";
import { useUnitName } from "../components/unit-select.js";
import { describeEvent } from "../lib/event-text.js";
import { CHANNEL_LABELS, CLOSURE_LABELS, CO_UNIT_STATUS_LABELS, EVENT_LABELS, FIRST_CONTACT_LABELS, FOLLOW_UP_LABELS, REPLY_RESULT_LABELS, STATUS_LABELS, URGENCY_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import "./ticket-print.css";

/**
 * 工单打印 (issue 18, docs/WORKDAY.md): the ticket on one A4 sheet — request, handling, co-units' parts, replies,
 * follow-ups, the timeline and signature lines — with a print stylesheet; the browser prints it or saves a PDF.
 */
export default function TicketPrintPage() {
  const { id } = useParams();
  const q = useTicket(Number(id));
  const unitName = useUnitName();
  const cats = useCategories();
  if (q.isLoading) return <Spin style={{ width: "100%", marginTop: 80 }} />;
  if (!q.data) return <div className="print-sheet">无法打印：{q.error?.message ?? "工单不存在或无权查看"}</div>;
  const t = q.data;
  const cat = t.categoryId ? (categoryPaths(cats.data ?? []).get(t.categoryId) ?? "") : "—";
  const reply = (t.replies ?? []).filter((r) => r.status === "approved").at(-1) ?? (t.replies ?? []).at(-1);
  return (
    <div className="print-sheet" data-testid="print-sheet">
      <div className="print-toolbar no-print">
        <button type="button" onClick={() => window.print()}>
          打印 / 另存为 PDF
        </button>
      </div>
      <h1>12345 政务服务便民热线 工单</h1>
      <div className="print-meta">
        工单编号：{t.number}　状态：{STATUS_LABELS[t.status]}　打印时间：{fmtTime(new Date().toISOString())}
      </div>
      <table className="print-table">
        <tbody>
          <tr>
            <th>诉求人</th>
            <td>{t.requester.anonymous ? "匿名" : (t.requester.name ?? "—")}</td>
            <th>联系电话</th>
            <td>{t.requester.phone ?? "—"}</td>
          </tr>
          <tr>
            <th>受理渠道</th>
            <td>{CHANNEL_LABELS[t.channel]}</td>
            <th>受理时间</th>
            <td>{fmtTime(t.receivedAt)}</td>
          </tr>
          <tr>
            <th>紧急程度</th>
            <td>{URGENCY_LABELS[t.urgency]}</td>
            <th>诉求分类</th>
            <td>{cat}</td>
          </tr>
          <tr>
            <th>诉求标题</th>
            <td colSpan={3}>{t.title}</td>
          </tr>
          <tr>
            <th>诉求地址</th>
            <td colSpan={3}>{t.address ?? "—"}</td>
          </tr>
          <tr>
            <th>诉求内容</th>
            <td colSpan={3} className="pre">
              {t.content}
            </td>
          </tr>
          <tr>
            <th>主办单位</th>
            <td>{unitName(t.leadUnitId)}</td>
            <th>协办单位</th>
            <td>{t.coUnitIds.length ? t.coUnitIds.map((u) => unitName(u)).join("、") : "—"}</td>
          </tr>
          <tr>
            <th>派单时间</th>
            <td>{fmtTime(t.dispatchedAt)}</td>
            <th>答复时限</th>
            <td>{fmtTime(t.deadlines.replyDueAt)}</td>
          </tr>
          <tr>
            <th>先行联系</th>
            <td>{FIRST_CONTACT_LABELS[t.firstContact.state]}</td>
            <th>办结情况</th>
            <td>{t.closure ? `${CLOSURE_LABELS[t.closure.kind]} ${fmtTime(t.closure.at)}` : "—"}</td>
          </tr>
          {(t.coUnits ?? []).map((c) => (
            <tr key={`c${c.id}`}>
              <th>协办意见</th>
              <td colSpan={3} className="pre">
                {unitName(c.unitId)}（{CO_UNIT_STATUS_LABELS[c.status]}{c.late ? "，逾期" : ""}）：{c.content ?? "尚未提交"}
              </td>
            </tr>
          ))}
          <tr>
            <th>答复意见</th>
            <td colSpan={3} className="pre">
              {reply ? `${reply.content}\n办理结果：${REPLY_RESULT_LABELS[reply.result] ?? reply.result}　承办人：${reply.handlerName}　签批领导：${reply.leaderName}` : "—"}
            </td>
          </tr>
          {(t.followUps ?? []).map((f) => (
            <tr key={`f${f.id}`}>
              <th>回访情况</th>
              <td colSpan={3}>
                第 {f.round + 1} 次 {fmtTime(f.at)}：{FOLLOW_UP_LABELS[f.outcome] ?? f.outcome}
                {f.note ? `，${f.note}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>办理轨迹</h2>
      <table className="print-table timeline">
        <tbody>
          {t.events.map((e) => (
            <tr key={e.id}>
              <td className="when">{fmtTime(e.at)}</td>
              <td className="what">{EVENT_LABELS[e.type] ?? e.type}</td>
              <td>
                {e.actor?.name ?? "系统"} {describeEvent(e, unitName)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="signatures">
        <div>承办人签字：＿＿＿＿＿＿</div>
        <div>科室负责人签字：＿＿＿＿＿＿</div>
        <div>单位领导签字：＿＿＿＿＿＿</div>
        <div>（单位盖章）　年　月　日</div>
      </div>
    </div>
  );
}
