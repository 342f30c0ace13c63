// The parts of the `smpp` package (no bundled types) that the SMPP adapter and its test use.
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: any;
    response(fields?: Record<string, unknown>): PDU;
  }
  export interface Session extends EventEmitter {
    send(pdu: PDU, callback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    [command: string]: any;
  }
  export interface Server extends EventEmitter {
    listen(port: number, host?: string, cb?: () => void): this;
    close(cb?: () => void): void;
    address(): { port: number } | string | null;
  }
  export function connect(options: { url?: string; host?: string; port?: number; auto_enquire_link_period?: number }, listener?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RSYSERR: number;
  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RSYSERR: number;
    PDU: new (command: string, options?: Record<string, unknown>) => PDU;
  };
  export default smpp;
}
