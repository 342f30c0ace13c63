import { useRef, useState } from "react";
import { App, Button, Space } from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { download, getToken } from "../../api/client.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * 导出 / 导入 Excel for the knowledge base or the dispatch catalogue (docs/KNOWLEDGE.md "Import and export"):
 * the export's columns are the import's; a bad row is reported with its row and column and nothing is imported.
 */
export function XlsxTransfer(props: { exportPath: string; importPath: string; filename: string; canImport: boolean; onImported: () => void; testId: string }) {
  const { message, modal } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  async function upload(file: File) {
    setBusy(true);
    try {
      const token = getToken();
      const res = await fetch(props.importPath, { method: "POST", headers: { "content-type": XLSX, ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: await file.arrayBuffer() });
      const body = (await res.json().catch(() => null)) as { imported?: number; created?: number; updated?: number; error?: { message: string; fields?: Array<{ message: string }> } } | null;
      if (!res.ok) {
        const lines = body?.error?.fields?.map((f) => f.message) ?? [body?.error?.message ?? `HTTP ${res.status}`];
        modal.error({ title: "导入失败，文件中的内容均未导入", content: <ul data-testid={`${props.testId}-errors`}>{lines.slice(0, 20).map((l) => <li key={l}>{l}</li>)}</ul> });
        return;
      }
      message.success(body?.imported !== undefined ? `已导入 ${body.imported} 条（待审核）` : `已导入：新增 ${body?.created ?? 0} 条，更新 ${body?.updated ?? 0} 条`);
      props.onImported();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }
  return (
    <Space>
      <Button icon={<DownloadOutlined />} data-testid={`${props.testId}-export`} onClick={() => void download(props.exportPath, props.filename).catch((e: unknown) => message.error(e instanceof Error ? e.message : "导出失败"))}>导出 Excel</Button>
      {props.canImport && (
        <>
          <input ref={input} type="file" accept=".xlsx" style={{ display: "none" }} data-testid={`${props.testId}-file`} onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
          <Button icon={<UploadOutlined />} loading={busy} data-testid={`${props.testId}-import`} onClick={() => input.current?.click()}>导入 Excel</Button>
        </>
      )}
    </Space>
  );
}
