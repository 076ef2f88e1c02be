// Public types of the LoRa serial receiver (kept apart so the daemon can import them without serialport).
import type { MetricValue } from '../../common/metrics.js';
import type { FrameErrorReason } from './frame.js';
import type { LineRejectReason, LoRaModule } from './lines.js';

export type RejectReason = LineRejectReason | FrameErrorReason | 'decode_error';

export interface ReceivedFrame {
  address: string;
  values: MetricValue[];
  module: LoRaModule;
  /** the raw payload, for the debug log */
  hex: string;
  /** RAK3172 only: the RN2483 does not print them with the packet */
  rssi?: number;
  snr?: number;
  /** epoch ms, from the receiver's clock */
  receivedAt: number;
}

export interface ReceiverStatus {
  path: string;
  open: boolean;
  module: LoRaModule;
  framesReceived: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** last open/read error, kept after the port is back so the health page can show it */
  lastError: string | null;
  /** epoch ms of the last decoded frame */
  lastFrameAt: number | null;
}

export type LogFn = (obj: Record<string, unknown>, msg: string) => void;
/** pino-compatible subset */
export interface ReceiverLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
}

export interface LoRaSerialReceiverOptions {
  path: string;
  /** default 115200 for rak3172 (RUI3), 57600 for rn2483 */
  baudRate?: number;
  module: LoRaModule;
  /** delay between reopen attempts while the device is missing; default 2000, at least 50 */
  reopenMs?: number;
  /** send the receive setup on open and re-arm the radio after each packet; default true */
  setup?: boolean;
  /** how long to wait for a command's reply before sending the next; default 1000 */
  replyTimeoutMs?: number;
  onFrame: (frame: ReceivedFrame) => void;
  onReject?: (reason: RejectReason, detail: string) => void;
  onStatus?: (status: ReceiverStatus) => void;
  logger?: ReceiverLogger;
  now?: () => number;
}
