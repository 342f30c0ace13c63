import { useState } from "react";
import { App, Button, Progress, Space } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { download, toQuery } from "../api/client.js";

/** Fields offered in exports (rule 40: call time, requester, phone, subject, category, request). */
const DEFAULT_FIELDS = "number,receivedAt,channel,requesterName,phone,title,category,content,status,leadUnit,closure";

/** 导出 Excel / CSV with the current filters; shows the download progress of long exports. */
export function ExportButtons({ filter }: { filter: Record<string, string | number | boolean | undefined> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"xlsx" | "csv" | null>(null);
  const [received, setReceived] = useState(0);
  const [total, setTotal] = useState<number | null>(null);

  async function run(kind: "xlsx" | "csv") {
    setBusy(kind);
    setReceived(0);
    setTotal(null);
    try {
      await download(`/api/exports/tickets.${kind}${toQuery({ ...filter, fields: DEFAULT_FIELDS })}`, `工单导出.${kind}`, (r, t) => {
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
          <span style={{ color: "#8c8c8c" }}>已下载 {(received / 1024).toFixed(0)} KB…</span>
        ))}
    </Space>
  );
}
