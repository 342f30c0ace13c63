import { useState } from "react";
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Radio, Space, Tag, Timeline, Typography } from "antd";
import dayjs from "dayjs";
import { STATUS_LABELS } from "../../lib/labels.js";
import { isCode, lookupRequest, rateRequest, type PublicRequest, type RatingOutcome } from "./public-api.js";

const RATING_LABELS: Record<RatingOutcome, string> = { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" };

/** Look-up by number + query code: status, the unit's replies, and the citizen's rating once the reply is out. */
export function PublicLookup({ initial }: { initial?: { number: string; code: string } }) {
  const [found, setFound] = useState<PublicRequest | null>(null);
  const [key, setKey] = useState<{ number: string; code: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RatingOutcome | null>(null);
  const [comment, setComment] = useState("");

  async function lookup(v: { number: string; code: string }) {
    setBusy(true);
    setError(null);
    try {
      setFound(await lookupRequest(v.number.trim(), v.code.trim()));
      setKey({ number: v.number.trim(), code: v.code.trim() });
    } catch (e) {
      setFound(null);
      setError(isCode(e, "NOT_FOUND") ? "工单号或查询码不正确" : e instanceof Error ? e.message : "查询失败");
    } finally {
      setBusy(false);
    }
  }

  async function rate() {
    if (!key || !outcome) return;
    setBusy(true);
    try {
      await rateRequest(key.number, key.code, outcome, comment || undefined);
      setFound(await lookupRequest(key.number, key.code));
    } catch (e) {
      setError(e instanceof Error ? e.message : "评价失败");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Form layout="vertical" onFinish={lookup} initialValues={initial} key={initial?.number ?? "empty"}>
        <Form.Item name="number" label="工单号" rules={[{ required: true, message: "请输入工单号" }]}>
          <Input placeholder="如 20250303-000001" inputMode="numeric" />
        </Form.Item>
        <Form.Item name="code" label="查询码" rules={[{ required: true, message: "请输入查询码" }]}>
          <Input placeholder="受理时给出的 8 位查询码" autoCapitalize="characters" />
        </Form.Item>
        <Button htmlType="submit" type="primary" block loading={busy}>
          查询
        </Button>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
      {found && (
        <Card size="small" data-testid="public-result">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="工单号">{found.number}</Descriptions.Item>
            <Descriptions.Item label="标题">{found.title}</Descriptions.Item>
            <Descriptions.Item label="受理时间">{dayjs(found.receivedAt).format("YYYY-MM-DD HH:mm")}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={found.closed ? "green" : "blue"} data-testid="public-status">
                {STATUS_LABELS[found.status]}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>办理答复</Typography.Title>
          {found.replies.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="承办单位尚未答复" />
          ) : (
            <Timeline items={found.replies.map((r) => ({ children: <><div>{r.content}</div><Typography.Text type="secondary">{dayjs(r.at).format("YYYY-MM-DD HH:mm")}</Typography.Text></> }))} />
          )}
          {found.rating && (
            <Alert type="success" showIcon message={`您的评价：${RATING_LABELS[found.rating.outcome]}`} data-testid="public-rated" />
          )}
          {found.canRate && (
            <Space direction="vertical" style={{ width: "100%" }}>
              <Typography.Title level={5}>评价办理结果</Typography.Title>
              <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as RatingOutcome)} optionType="button" buttonStyle="solid"
                options={(Object.keys(RATING_LABELS) as RatingOutcome[]).map((k) => ({ value: k, label: RATING_LABELS[k] }))} />
              <Input.TextArea rows={2} maxLength={500} placeholder="意见建议（可不填）" value={comment} onChange={(e) => setComment(e.target.value)} />
              <Button type="primary" block disabled={!outcome} loading={busy} onClick={() => void rate()}>
                提交评价
              </Button>
              <Typography.Text type="secondary">热线中心仍会电话回访，您的在线评价将一并记录。</Typography.Text>
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
