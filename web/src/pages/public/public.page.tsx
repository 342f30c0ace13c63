import { useState } from "react";
import { Layout, Tabs, Typography } from "antd";
import { PublicLookup } from "./public-lookup.js";
import { PublicSubmit } from "./public-submit.js";

/** The citizens' pages at /public: no login, outside the workbench, mobile-first (one column, at most 560 px). */
export default function PublicPage() {
  const [tab, setTab] = useState("submit");
  const [last, setLast] = useState<{ number: string; code: string } | undefined>();
  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f7fa" }}>
      <Layout.Header style={{ background: "#c0392b", padding: "0 16px", height: 56, lineHeight: "56px" }}>
        <Typography.Title level={4} style={{ color: "#fff", margin: 0, lineHeight: "56px" }}>
          12345 政务服务便民热线
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 560, margin: "0 auto", background: "#fff", borderRadius: 8, padding: "4px 16px 16px" }}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: "submit", label: "我要反映", children: <PublicSubmit onDone={(s) => setLast({ number: s.number, code: s.queryCode })} /> },
              { key: "lookup", label: "诉求查询与评价", children: <PublicLookup initial={last} /> },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center", marginTop: 12, fontSize: 12 }}>
          紧急情况请拨打 110、119、120。也可拨打 12345 热线。
        </Typography.Paragraph>
      </Layout.Content>
    </Layout>
  );
}
