import { Tag } from "antd";
import { useEffect } from "react";
import { useSearchParams } from "react-router-dom";
import type { FormInstance } from "antd";

/**
 * The CTI pop-up link `/intake?phone=&callId=` (docs/CALL-CENTER.md): the caller's number fills the
 * form, and the ticket saved carries the call's id so the call knows its ticket. `done()` drops the
 * call from the address once its ticket is saved (the next call brings its own).
 */
export function useCtiCall(form: FormInstance) {
  const [params, setParams] = useSearchParams();
  const callId = Number(params.get("callId")) || undefined;
  const phone = params.get("phone");
  useEffect(() => {
    if (phone) form.setFieldValue("phone", phone);
  }, [phone, form]);
  const done = () => {
    if (!callId && !phone) return;
    const next = new URLSearchParams(params);
    next.delete("callId");
    next.delete("phone");
    setParams(next, { replace: true });
  };
  const tag = callId ? (
    <Tag color="blue" data-testid="cti-call">
      来电 #{callId}
    </Tag>
  ) : null;
  return { callId, done, tag };
}
