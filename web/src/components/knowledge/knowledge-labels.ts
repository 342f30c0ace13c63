import type { components } from "../../api/schema.js";

type Kind = components["schemas"]["KnowledgeListItem"]["kind"];
type Status = components["schemas"]["KnowledgeListItem"]["status"];

export const KNOWLEDGE_KIND_LABELS: Record<Kind, string> = { policy: "政策", procedure: "办事流程", faq: "常见问答", contact: "单位联系方式", scope: "受理范围" };
export const KNOWLEDGE_STATUS_LABELS: Record<Status, string> = { draft: "待审核", published: "已发布", retired: "已停用" };
export const SCOPE_TYPE_LABELS = { accept: "受理", reject: "不予受理" } as const;
