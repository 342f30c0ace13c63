import { useState } from "react";
import { App, Button, Progress, Select, Space } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { download, toQuery } from "../api/client.js";

/** Fields the export offers (server: src/modules/exports/export-fields.ts), with their Chinese headers. */
const FIELDS: Record<string, string> = {
  number: "工单编号",
  receivedAt: "来电时间",
  channel: "渠道",
  requesterName: "诉求人",
  phone: "联系电话",
  title: "诉求标题",
  category: "诉求分类",
  content: "诉求内容",
  address: "地址",
  urgency: "紧急程度",
  business: "营商环境工单",
  status: "工单状态",
  leadUnit: "承办单位",
  redoCount: "重办次数",
  closure: "办结方式",
  repliedAt: "答复时间",
  closedAt: "办结时间",
  overdue: "是否超期",
  excluded: "不纳入满意度测评",
};

/** Rule 40: call time, requester, phone, subject, category, request — plus the number, unit and status. */
const DEFAULT_FIELDS = ["number", "receivedAt", "requesterName", "phone", "title", "category", "content", "leadUnit", "status"];

/** 导出 Excel / CSV with the current filters; shows the download progress of long exports. */
export function ExportButtons({ filter }: { filter: Record<string, string | number | boolean | undefined> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"xlsx" | "csv" | null>(null);
  const [received, setReceived] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [fields, setFields] = useState<string[]>(DEFAULT_FIELDS);

  async function run(kind: "xlsx" | "csv") {
    setBusy(kind);
    setReceived(0);
    setTotal(null);
    try {
      await download(`/api/exports/tickets.${kind}${toQuery({ ...filter, fields: fields.join(",") })}`, `工单导出.${kind}`, (r, t) => {
        setReceived(r);
        setTotal(t);
      });
      message.success("导出完成");
    } catch (e) {
      message.error(e instanceof Error ? e.message : "导出失败");
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space>
      <Select
        mode="multiple"
        size="small"
        maxTagCount="responsive"
        style={{ width: 260 }}
        value={fields}
        onChange={(v: string[]) => setFields(v.length ? v : DEFAULT_FIELDS)}
        options={Object.entries(FIELDS).map(([value, label]) => ({ value, label }))}
        aria-label="导出字段"
      />
      <Button icon={<DownloadOutlined />} loading={busy === "xlsx"} disabled={!!busy} onClick={() => void run("xlsx")}>
        导出 Excel
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === "csv"} disabled={!!busy} onClick={() => void run("csv")}>
        导出 CSV
      </Button>
      {busy &&
        (total ? (
          <Progress percent={Math.round((received / total) * 100)} size="small" style={{ width: 140 }} />
        ) : (
          <span style={{ color: "#666666" }}>已下载 {(received / 1024).toFixed(0)} KB…</span>
        ))}
    </Space>
  );
}
