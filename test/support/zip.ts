import { inflateRawSync } from 'node:zlib';

/**
 * The files in a zip archive, by path, read from its central directory (stored or deflated entries; no zip64,
 * no encryption): enough to look inside the packages the ASK CLI uploads.
 */
export function readZip(archive: Buffer): Map<string, Buffer> {
  const endOfDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('Not a zip archive: no end of central directory record');
  const count = archive.readUInt16LE(endOfDirectory + 10);
  let header = archive.readUInt32LE(endOfDirectory + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(header) !== 0x02014b50) throw new Error(`Broken central directory entry ${index}`);
    const method = archive.readUInt16LE(header + 10);
    const compressedSize = archive.readUInt32LE(header + 20);
    const nameLength = archive.readUInt16LE(header + 28);
    const extraLength = archive.readUInt16LE(header + 30);
    const commentLength = archive.readUInt16LE(header + 32);
    const local = archive.readUInt32LE(header + 42);
    const name = archive.toString('utf8', header + 46, header + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) {
      if (method === 0) files.set(name, Buffer.from(data));
      else if (method === 8) files.set(name, inflateRawSync(data));
      else throw new Error(`${name}: compression method ${method} is not supported here`);
    }
    header += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
