import { Form, Input, Radio, Typography } from "antd";
import { UnitSelect } from "../unit-select.js";
import { ActionModal, type DialogProps } from "./action-modal.js";
import { UnitSuggestions } from "../suggestions/unit-suggestions.js";
import type { Ticket } from "../../api/types.js";
import { CatalogueHint } from "../knowledge/catalogue-hint.js";

/** The fields, inside the form so they follow its values. */
function Fields({ ticket }: { ticket: Ticket }) {
  const form = Form.useFormInstance();
  const mode = Form.useWatch("mode", form) as string | undefined;
  const leadUnit = Form.useWatch("unitId", form) as number | undefined;
  return (
    <>
          <CatalogueHint ticketId={ticket.id} />
          <UnitSuggestions ticket={ticket} />
          <Form.Item name="mode" label="派单方式">
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio.Button value="direct">直接转办</Radio.Button>
              <Radio.Button value="designated">指定主协办</Radio.Button>
              <Radio.Button value="territorial">属地指派</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {mode === "designated"
              ? "职责不清或涉及多部门：指定主办单位与协办单位，由主办单位统一答复（规则10）。"
              : mode === "territorial"
                ? "无法明确承办单位：交属地政府（镇街）召集研究、指定承办（规则10）。"
                : "职责明确：直接转办至承办单位（规则10）。"}
          </Typography.Paragraph>
          <Form.Item
            name="unitId"
            label={mode === "designated" ? "主办单位" : mode === "territorial" ? "属地政府（镇街）" : "承办单位"}
            rules={[{ required: true, message: "请选择承办单位" }]}
          >
            <UnitSelect autoFocus />
          </Form.Item>
          {mode === "designated" && (
            <Form.Item name="coUnitIds" label="协办单位">
              <UnitSelect multiple exclude={leadUnit ? [leadUnit] : []} />
            </Form.Item>
          )}
          <Form.Item name="note" label="派单说明">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
  );
}

/** Dispatch to a lead unit (rule 10): direct, designated with co-units, or territorial. */
export function DispatchDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="dispatch"
      ticket={ticket}
      onClose={onClose}
      okText="派单"
      initial={{ mode: "direct", coUnitIds: [] }}
      build={(v) => [
        "dispatch",
        {
          unitId: v.unitId,
          mode: v.mode,
          coUnitIds: v.mode === "designated" ? (v.coUnitIds ?? []) : [],
          note: v.note || undefined,
          catalogueReason: v.catalogueReason || undefined,
        },
      ]}
    >
      {() => <Fields ticket={ticket} />}
    </ActionModal>
  );
}
