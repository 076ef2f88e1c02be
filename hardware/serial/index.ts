// Public surface of hardware/serial: LoRa point-to-point over a serial module.
export { LoRaSerialReceiver } from './receiver.js';
export type { LoRaSerialReceiverOptions, ReceivedFrame, ReceiverLogger, ReceiverStatus, RejectReason } from './types.js';
export { decodeFrame, encodeFrame, FrameError, FRAME_FIELDS, type FrameErrorReason } from './frame.js';
export { formatRxLine, LineParser, MAX_LINE_LENGTH, type LineEvent, type LoRaModule, type RxPacket } from './lines.js';
