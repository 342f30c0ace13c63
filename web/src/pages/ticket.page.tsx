import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Timeline, Typography, Upload } from "antd";
import { EyeOutlined, UploadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../api/client.js";
import { keys, useCategories, useTicket } from "../api/hooks.js";
import { EVIDENCE_ACCEPT, uploadAll } from "../components/action-dialogs.js";
import type { TicketDetail } from "../api/types.js";
import { AttachmentList } from "../components/attachment-list.js";
import { TicketSupervision } from "../components/supervision/ticket-supervision.js";
import { categoryPaths } from "../components/category-picker.js";
import { TicketActions } from "../components/ticket-actions.js";
import { DeadlineCountdown, OverdueTags, StatusTag, UrgencyTag } from "../components/ticket-tags.js";
import { useUnitName } from "../components/unit-select.js";
import { countedFailedCalls } from "../components/pending-requests.js";
import { CoUnitPanel } from "../components/co-unit-panel.js";
import { CHANNEL_LABELS, CLOSURE_LABELS, EVENT_LABELS, FIRST_CONTACT_LABELS, FOLLOW_UP_LABELS, REPLY_RESULT_LABELS } from "../lib/labels.js";
import { describeEvent } from "../lib/event-text.js";
import { fmtTime } from "../lib/time.js";

/** Adds an evidence file to the ticket itself (rule 20); the list refreshes after the upload. */
function EvidenceButton({ ticketId }: { ticketId: number }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      accept={EVIDENCE_ACCEPT}
      showUploadList={false}
      beforeUpload={(file) => {
        setBusy(true);
        uploadAll(ticketId, [{ uid: file.uid, name: file.name, originFileObj: file }], "ticket")
          .then(() => {
            message.success("附件已上传");
            return qc.invalidateQueries({ queryKey: keys.ticket(ticketId) });
          })
          .catch((e: unknown) => message.error(e instanceof Error ? e.message : "上传失败"))
          .finally(() => setBusy(false));
        return false;
      }}
    >
      <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="upload-evidence">
        上传证据
      </Button>
    </Upload>
  );
}

/** Masked phone with an audited reveal button (docs/API.md reveal-phone: written to the audit log). */
function PhoneField({ t }: { t: TicketDetail }) {
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  if (t.requester.anonymous && !t.requester.phone) return <Tag>匿名</Tag>;
  const canReveal = t.allowedActions.includes("reveal_phone");
  return (
    <Space>
      <span data-testid="requester-phone">{full ?? t.requester.phone ?? "—"}</span>
      {t.requester.anonymous && <Tag>匿名</Tag>}
      {canReveal && !full && t.requester.phone && (
        <Button
          size="small"
          icon={<EyeOutlined />}
          onClick={async () => {
            try {
              const r = await api<{ phone: string }>(`/api/tickets/${t.id}/reveal-phone`, { method: "POST", body: {} });
              setFull(r.phone);
              message.info("已记录查看号码操作");
            } catch (e) {
              message.error(e instanceof Error ? e.message : "查看失败");
            }
          }}
        >
          查看完整号码
        </Button>
      )}
    </Space>
  );
}

const EVENT_COLORS: Record<string, string> = {
  "ticket.overdue": "red",
  "ticket.deadline_warning": "orange",
  "ticket.closed": "green",
  "ticket.redone": "red",
  "ticket.return_requested": "orange",
};

/** 工单详情: everything about a ticket, its actions, and its timeline from the audit events. */
export default function TicketPage() {
  const { id } = useParams();
  const q = useTicket(Number(id));
  const unitName = useUnitName();
  const cats = useCategories();
  if (q.isLoading) return <Spin style={{ width: "100%", marginTop: 80 }} />;
  if (q.error || !q.data) {
    const forbidden = q.error instanceof ApiError && (q.error.status === 403 || q.error.status === 404);
    return (
      <Result
        status={forbidden ? "403" : "error"}
        title={forbidden ? "无权查看该工单" : "加载失败"}
        subTitle={forbidden ? "该工单不存在，或不属于您的单位承办范围" : q.error?.message}
        extra={<Link to="/">返回首页</Link>}
        data-testid="ticket-denied"
      />
    );
  }
  const t = q.data;
  const catName = t.categoryId ? (categoryPaths(cats.data ?? []).get(t.categoryId) ?? `#${t.categoryId}`) : "—";
  const failed = countedFailedCalls(t);

  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12} data-testid="ticket-page">
      <Card size="small">
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t.title}
            </Typography.Title>
            <StatusTag status={t.status} />
            <UrgencyTag urgency={t.urgency} />
            {t.business && <Tag color="gold">营商环境</Tag>}
            {t.redoCount > 0 && <Tag color="red">重办 {t.redoCount} 次</Tag>}
            {t.excludedFromSatisfaction && <Tag color="purple">不纳入满意度测评</Tag>}
            <OverdueTags t={t} />
          </Space>
          <Typography.Text type="secondary" data-testid="ticket-number">
            工单编号 {t.number} · 版本 {t.version} · <Link to={`/tickets/${t.id}/print`} target="_blank" data-testid="print-link">工单打印</Link>
          </Typography.Text>
          <TicketActions ticket={t} />
        </Space>
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" style={{ width: "100%" }} size={12}>
            <Card size="small" title="诉求信息">
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="诉求人">{t.requester.anonymous ? "匿名" : (t.requester.name ?? "—")}</Descriptions.Item>
                <Descriptions.Item label="联系电话">
                  <PhoneField t={t} />
                </Descriptions.Item>
                <Descriptions.Item label="渠道">{CHANNEL_LABELS[t.channel] ?? t.channel}</Descriptions.Item>
                <Descriptions.Item label="受理时间">{fmtTime(t.receivedAt)}</Descriptions.Item>
                <Descriptions.Item label="诉求分类">{catName}</Descriptions.Item>
                <Descriptions.Item label="地址">{t.address ?? "—"}</Descriptions.Item>
                <Descriptions.Item label="诉求内容" span={2}>
                  <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{t.content}</Typography.Paragraph>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title="办理情况">
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="主办单位">{unitName(t.leadUnitId)}</Descriptions.Item>
                <Descriptions.Item label="协办单位">
                  {t.coUnitIds.length ? t.coUnitIds.map((u) => unitName(u)).join("、") : "—"}
                </Descriptions.Item>
                <Descriptions.Item label="签收时限">
                  <DeadlineCountdown at={t.deadlines.signDueAt} /> {t.overdue.sign && <Tag color="red">超期</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label="先行联系时限">
                  <DeadlineCountdown at={t.firstContact.state === "pending" ? t.deadlines.contactDueAt : null} />{" "}
                  {t.overdue.contact && <Tag color="red">超期</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label="答复时限">
                  <DeadlineCountdown at={t.deadlines.replyDueAt} /> {t.overdue.reply && <Tag color="red">超期</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label="自动办结">
                  <DeadlineCountdown at={t.deadlines.autoCloseAt} />
                </Descriptions.Item>
                <Descriptions.Item label="先行联系">
                  <Space>
                    <span data-testid="first-contact-state">{FIRST_CONTACT_LABELS[t.firstContact.state]}</span>
                    {t.firstContact.at && <span>{fmtTime(t.firstContact.at)}</span>}
                    {t.firstContact.state === "pending" && failed > 0 && <Tag color="orange">未接通 {failed}/3</Tag>}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label="办结">
                  {t.closure ? (
                    <span data-testid="closure">
                      {CLOSURE_LABELS[t.closure.kind] ?? t.closure.kind} · {fmtTime(t.closure.at)}
                      {t.closure.remark ? ` · ${t.closure.remark}` : ""}
                    </span>
                  ) : (
                    "—"
                  )}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <CoUnitPanel t={t} />
            <Card size="small" title="答复与回访" data-testid="replies">
              {(t.replies ?? []).length === 0 && (t.followUps ?? []).length === 0 ? (
                <Typography.Text type="secondary">暂无答复</Typography.Text>
              ) : (
                <Space direction="vertical" style={{ width: "100%" }}>
                  {(t.replies ?? []).map((r) => (
                    <Descriptions key={`r${r.id}`} size="small" column={3} bordered title={`第 ${(r.round ?? 0) + 1} 次答复`}>
                      <Descriptions.Item label="办理结果">{REPLY_RESULT_LABELS[r.result] ?? r.result}</Descriptions.Item>
                      <Descriptions.Item label="承办人">{r.handlerName}</Descriptions.Item>
                      <Descriptions.Item label="签批领导">
                        {r.leaderName} {r.status === "pending_review" && <Tag color="purple">待签批</Tag>}
                        {r.late && <Tag color="red">逾期答复</Tag>}
                      </Descriptions.Item>
                      <Descriptions.Item label="答复内容" span={3}>
                        <span style={{ whiteSpace: "pre-wrap" }}>{r.content}</span>
                      </Descriptions.Item>
                    </Descriptions>
                  ))}
                  {(t.followUps ?? []).map((f) => (
                    <Descriptions key={`f${f.id}`} size="small" column={4} bordered title={`第 ${f.round + 1} 次回访 · ${fmtTime(f.at)}`}>
                      <Descriptions.Item label="结果">
                        <Tag color={f.outcome === "unsatisfied" ? "red" : f.outcome === "unreachable" ? "default" : "green"}>
                          {FOLLOW_UP_LABELS[f.outcome] ?? f.outcome}
                        </Tag>
                      </Descriptions.Item>
                      <Descriptions.Item label="已联系">{f.contacted ? "是" : "否"}</Descriptions.Item>
                      <Descriptions.Item label="已告知">{f.informed ? "是" : "否"}</Descriptions.Item>
                      <Descriptions.Item label="已解决">{f.resolved ? "是" : "否"}</Descriptions.Item>
                      {f.decision && (
                        <Descriptions.Item label="决定" span={4}>
                          {f.decision === "redo" ? "重办" : "说明后办结"}
                        </Descriptions.Item>
                      )}
                      {f.note && (
                        <Descriptions.Item label="记录" span={4}>
                          {f.note}
                        </Descriptions.Item>
                      )}
                    </Descriptions>
                  ))}
                </Space>
              )}
            </Card>
            <Card size="small" title="附件" extra={t.allowedActions.length > 0 && <EvidenceButton ticketId={t.id} />}>
              <AttachmentList ticketId={t.id} items={t.attachments ?? []} />
            </Card>
            <TicketSupervision t={t} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title="办理轨迹" data-testid="timeline">
            {t.events.length === 0 ? (
              <Alert type="info" message="暂无记录" />
            ) : (
              <Timeline
                items={t.events.map((e) => ({
                  color: EVENT_COLORS[e.type] ?? "blue",
                  children: (
                    <div>
                      <Typography.Text strong>{EVENT_LABELS[e.type] ?? e.type}</Typography.Text>{" "}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtTime(e.at)} {e.actor?.name ?? "系统"}
                      </Typography.Text>
                      <div style={{ fontSize: 13 }}>{describeEvent(e, unitName)}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
