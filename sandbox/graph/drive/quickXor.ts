/**
 * QuickXorHash, the only content hash OneDrive for Business reports (`file.hashes.quickXorHash`):
 * each byte is XORed into a 160-bit block at a bit offset advancing by 11 per byte (wrapping), and
 * the total length is XORed into the block's last 8 bytes (little-endian). Incremental, so an
 * upload is hashed while it streams to disk.
 */
export class QuickXor {
  private readonly block = new Uint8Array(20);
  private shift = 0;
  private length = 0;

  update(chunk: Uint8Array): this {
    const block = this.block;
    let shift = this.shift;
    for (let i = 0; i < chunk.length; i++) {
      const at = shift >> 3;
      const v = chunk[i]! << (shift & 7);
      block[at]! ^= v & 0xff;
      if (v > 0xff) block[at === 19 ? 0 : at + 1]! ^= v >> 8;
      shift += 11;
      if (shift >= 160) shift -= 160;
    }
    this.shift = shift;
    this.length += chunk.length;
    return this;
  }

  digest(): string {
    const out = Buffer.from(this.block);
    let len = BigInt(this.length);
    for (let i = 12; i < 20; i++) {
      out[i]! ^= Number(len & 0xffn);
      len >>= 8n;
    }
    return out.toString('base64');
  }
}
