import { randomBytes } from 'node:crypto';

/** A fresh order ID: 25 letters and digits (so `<orderId>-<attempt>` fits Amazon Pay's 32 characters). */
export function newOrderId(): string {
  return `o${randomBytes(12).toString('hex')}`;
}
