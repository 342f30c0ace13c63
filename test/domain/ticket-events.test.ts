import { describe, expect, it } from "vitest";
import { EVENT_DATA, TicketEventSchema, eventKey, eventKeys, ticketEvent } from "../../src/domain/ticket/ticket-events.js";
import { TicketEventType } from "../../src/domain/ticket/ticket.types.js";

describe("typed ticket events", () => {
  it("has one schema per event type, in one discriminated union", () => {
    expect(Object.keys(EVENT_DATA).sort()).toEqual(Object.values(TicketEventType).sort());
    expect(TicketEventSchema.safeParse({ type: "ticket.signed", data: { late: true, from: "dispatched", to: "signed" } }).success).toBe(true);
    expect(TicketEventSchema.safeParse({ type: "ticket.signed", data: { late: "yes" } }).success).toBe(false);
    expect(TicketEventSchema.safeParse({ type: "ticket.nope", data: {} }).success).toBe(false);
  });

  it("a writer cannot write a key its type does not declare", () => {
    expect(() => ticketEvent("ticket.signed", new Date(), 1, 1, { late: true, content: "x" } as never)).toThrow();
    expect(ticketEvent("ticket.signed", new Date(), 1, 1, { late: false }).data).toEqual({ late: false });
  });

  it("a reader cannot ask for a key no schema declares", () => {
    expect(eventKey("ticket.replied", "result")).toBe("result");
    expect(() => eventKey("ticket.replied", "content" as never)).toThrow(/no data key content/);
    expect(() => eventKey("ticket.exclusion_requested", "note" as never)).toThrow();
    expect(eventKeys("ticket.return_requested")).toContain("requestId");
  });
});
