/**
 * Reply template placeholders (issue 18, docs/WORKDAY.md). Pure, shared with the web (web/src/lib/domain.ts):
 * the handler picks a template and the dialog fills what the ticket knows; anything unknown stays visible
 * as the placeholder so the handler sees what is left to write.
 */
export const REPLY_TEMPLATE_PLACEHOLDERS = ["{诉求人}", "{工单编号}", "{办理单位}", "{日期}", "{诉求标题}"] as const;

export interface TemplateValues {
  requester?: string | null;
  number?: string | null;
  unit?: string | null;
  date?: string | null;
  title?: string | null;
}

export function fillTemplate(body: string, v: TemplateValues): string {
  const map: Record<string, string | null | undefined> = {
    "{诉求人}": v.requester,
    "{工单编号}": v.number,
    "{办理单位}": v.unit,
    "{日期}": v.date,
    "{诉求标题}": v.title,
  };
  return body.replace(/\{[^{}]{1,8}\}/g, (m) => map[m] || m);
}
