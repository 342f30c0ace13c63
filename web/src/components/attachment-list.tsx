import { useEffect, useState } from "react";
import { Image, Space, Typography } from "antd";
import { PaperClipOutlined } from "@ant-design/icons";
import { getToken } from "../api/client.js";
import type { AttachmentRecord } from "../api/types.js";

function urlOf(ticketId: number, a: AttachmentRecord): string {
  return `/api/tickets/${ticketId}/attachments/${a.id}`;
}

/** Fetches an attachment with the bearer token and gives an object URL (img tags cannot send headers). */
function useBlobUrl(src: string, enabled: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let revoked = false;
    let made: string | null = null;
    const token = getToken();
    fetch(src, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => {
        if (b && !revoked) {
          made = URL.createObjectURL(b);
          setUrl(made);
        }
      })
      .catch(() => undefined);
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [src, enabled]);
  return url;
}

function Thumb({ ticketId, a }: { ticketId: number; a: AttachmentRecord }) {
  const url = useBlobUrl(urlOf(ticketId, a), true);
  return url ? (
    <Image src={url} width={72} height={72} style={{ objectFit: "cover" }} alt={a.filename} data-testid="attachment-thumb" />
  ) : (
    <div style={{ width: 72, height: 72, background: "#fafafa", border: "1px dashed #d9d9d9" }} />
  );
}

async function openFile(ticketId: number, a: AttachmentRecord) {
  const token = getToken();
  const r = await fetch(urlOf(ticketId, a), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!r.ok) return;
  const url = URL.createObjectURL(await r.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = a.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Attachments of a ticket: image thumbnails with preview, other files as download links. */
export function AttachmentList({ ticketId, items, compact }: { ticketId: number; items: AttachmentRecord[]; compact?: boolean }) {
  if (items.length === 0) return <Typography.Text type="secondary">无附件</Typography.Text>;
  const images = items.filter((a) => a.mime.startsWith("image/"));
  const others = items.filter((a) => !a.mime.startsWith("image/"));
  return (
    <Space direction="vertical" size={compact ? 4 : 8}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {images.map((a) => (
              <Thumb key={a.id} ticketId={ticketId} a={a} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {others.map((a) => (
        <a key={a.id} onClick={() => void openFile(ticketId, a)}>
          <PaperClipOutlined /> {a.filename} <Typography.Text type="secondary">({Math.ceil(a.size / 1024)} KB)</Typography.Text>
        </a>
      ))}
    </Space>
  );
}
