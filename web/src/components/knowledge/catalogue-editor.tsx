import { useState } from "react";
import { App, Button, Form, Input, Modal, Select, Space, Table } from "antd";
import { XlsxTransfer } from "./xlsx-transfer.js";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import type { components } from "../../api/schema.js";
import { useCategories, useUnits } from "../../api/hooks.js";
import { CategoryPicker } from "../category-picker.js";
import { UnitSelect } from "../unit-select.js";

type Item = components["schemas"]["CatalogueItem"];

/** 派单口径 (rule 13): category (+ area words or a town) → lead unit, co-units, the duty that justifies it. */
export function CatalogueEditor({ canEdit }: { canEdit: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useUnits();
  const cats = useCategories();
  const list = useQuery({ queryKey: ["catalogue"], queryFn: () => api<{ items: Item[] }>("/api/dispatch-catalogue", { query: { limit: 200 } }) });
  const [editing, setEditing] = useState<Item | "new" | null>(null);
  const [form] = Form.useForm();
  const unitName = (id: number | null) => units.data?.find((u) => u.id === id)?.name ?? (id ? `#${id}` : "");
  const catName = (id: number) => cats.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const open = (item: Item | "new") => {
    form.resetFields();
    if (item !== "new") form.setFieldsValue(item);
    setEditing(item);
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      const isNew = editing === "new";
      await api(isNew ? "/api/dispatch-catalogue" : `/api/dispatch-catalogue/${(editing as Item).id}`, { method: isNew ? "POST" : "PUT", body: { ...v, townUnitId: v.townUnitId ?? null, ...(isNew ? {} : { version: (editing as Item).version }) } });
      message.success("派单口径已保存");
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ["catalogue"] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canEdit && <Button type="primary" onClick={() => open("new")}>新增口径</Button>}
        <XlsxTransfer exportPath="/api/dispatch-catalogue/export.xlsx" importPath="/api/dispatch-catalogue/import" filename="派单口径.xlsx" canImport={canEdit} onImported={() => void qc.invalidateQueries()} testId="catalogue-xlsx" />
      </Space>
      <Table<Item>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: "诉求分类", render: (_, r) => catName(r.categoryId), width: 140 },
          { title: "属地（关键词/镇街）", render: (_, r) => [...r.areaKeywords, r.townUnitId ? unitName(r.townUnitId) : ""].filter(Boolean).join("、") || "—", width: 160 },
          { title: "主办单位", render: (_, r) => unitName(r.leadUnitId), width: 140 },
          { title: "协办单位", render: (_, r) => r.coUnitIds.map(unitName).join("、") || "—", width: 140 },
          { title: "职责依据", dataIndex: "dutyText" },
          { title: "版本", dataIndex: "version", width: 60 },
          ...(canEdit ? [{ title: "", width: 60, render: (_: unknown, r: Item) => <Button size="small" type="link" onClick={() => open(r)}>编辑</Button> }] : []),
        ]}
      />
      <Modal open={editing !== null} onCancel={() => setEditing(null)} onOk={save} title={editing === "new" ? "新增派单口径" : "编辑派单口径（保存为新版本）"} width={640}>
        <Form form={form} layout="vertical">
          <Form.Item name="categoryId" label="诉求分类" rules={[{ required: true, message: "请选择分类" }]}><CategoryPicker /></Form.Item>
          <Space style={{ width: "100%" }} styles={{ item: { flex: 1 } }}>
            <Form.Item name="areaKeywords" label="属地关键词（地址或内容包含即适用）"><Select mode="tags" tokenSeparators={[",", "，", " "]} /></Form.Item>
            <Form.Item name="townUnitId" label="属地镇街"><UnitSelect /></Form.Item>
          </Space>
          <Form.Item name="leadUnitId" label="主办单位" rules={[{ required: true, message: "请选择主办单位" }]}><UnitSelect /></Form.Item>
          <Form.Item name="coUnitIds" label="协办单位"><UnitSelect multiple /></Form.Item>
          <Form.Item name="dutyText" label="职责依据（三定方案、权责清单原文）" rules={[{ required: true, whitespace: true, message: "请填写职责依据" }]}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
