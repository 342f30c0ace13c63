import { useState } from "react";
import { App, Button, Space } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { download } from "../api/client.js";

/** One export button for a report file, with the bytes received shown while it downloads. */
export function ReportExport({ path, filename, label = "导出 Excel" }: { path: string; filename: string; label?: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [kb, setKb] = useState(0);
  return (
    <Space>
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setKb(0);
          try {
            await download(path, filename, (r) => setKb(Math.round(r / 1024)));
            message.success("导出完成");
          } catch (e) {
            message.error(e instanceof Error ? e.message : "导出失败");
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </Button>
      {busy && <span style={{ color: "#666666" }}>已下载 {kb} KB…</span>}
    </Space>
  );
}
