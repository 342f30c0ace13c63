import { useEffect } from "react";
import { Alert, Button, Form, Input, Space, Tag } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { useUnits } from "../../api/hooks.js";

interface CatalogueUnit {
  unitId: number;
  role: "lead" | "co";
  justification: string;
  entryId: number;
}

/**
 * Inside the dispatch dialog (rules 11 and 13, issue 14): the catalogue's unit first, with the duty that
 * justifies it, filled in when the dialog opens; choosing another lead unit asks for the reason, which the
 * server requires (catalogueReason) and records.
 */
export function CatalogueHint({ ticketId }: { ticketId: number }) {
  const form = Form.useFormInstance();
  const units = useUnits();
  const lead = Form.useWatch("unitId", form) as number | undefined;
  const q = useQuery({ queryKey: ["ticket-catalogue", ticketId], queryFn: () => api<{ items: CatalogueUnit[] }>(`/api/tickets/${ticketId}/catalogue`) });
  const items = q.data?.items ?? [];
  const book = items.find((i) => i.role === "lead");
  const co = items.filter((i) => i.role === "co").map((i) => i.unitId);
  const name = (id: number) => units.data?.find((u) => u.id === id)?.name ?? `#${id}`;
  const apply = () => form.setFieldsValue({ unitId: book?.unitId, mode: co.length > 0 ? "designated" : "direct", coUnitIds: co });
  useEffect(() => {
    if (book && form.getFieldValue("unitId") === undefined) apply();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [book?.unitId]);
  if (!book) return null;
  const against = lead !== undefined && lead !== book.unitId;
  return (
    <>
      <Alert
        type={against ? "warning" : "info"}
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="catalogue-hint"
        message={
          <Space wrap size={4}>
            <span>派单口径：</span>
            <Tag color="blue">主办 {name(book.unitId)}</Tag>
            {co.map((id) => <Tag key={id}>协办 {name(id)}</Tag>)}
            {against && <Button size="small" onClick={apply}>按口径派单</Button>}
          </Space>
        }
        description={book.justification}
      />
      {against && (
        <Form.Item name="catalogueReason" label="未按派单口径派单的理由" rules={[{ required: true, whitespace: true, message: "请说明理由（疑难件将报中心负责人审核）" }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} placeholder="如：经核实该小区由住建局直管" />
        </Form.Item>
      )}
    </>
  );
}
