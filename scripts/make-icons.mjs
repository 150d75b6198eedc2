// Draws the skill's icons (a green disc with a horizon line) and one icon per in-skill product (the same disc with
// the product's mark in white: a plus, a paper plane, three steps down) as PNGs, with no image library.
// Usage: node scripts/make-icons.mjs  (writes skill-package/assets/images/: en-US_{small,large}Icon.png and
// <referenceName>_{small,large}Icon.png, 108 and 512 pixels square, which skill.json and isps/ name as file:// URIs)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

// Marks drawn over the disc, in coordinates from 0 to 1 across the icon.
const MARKS = {
  none: () => false,
  // A plus sign in the sky.
  plus: (u, v) =>
    (Math.abs(u - 0.5) < 0.05 && Math.abs(v - 0.33) < 0.17) || (Math.abs(v - 0.33) < 0.05 && Math.abs(u - 0.5) < 0.17),
  // A paper plane: a triangle pointing right, climbing over the horizon.
  plane: (u, v) => u > 0.3 && u < 0.72 && Math.abs(v - (0.42 - (u - 0.3) * 0.3)) < (0.72 - u) * 0.45,
  // Three steps down on the ground.
  steps: (u, v) =>
    [0, 1, 2].some((step) => u > 0.3 + step * 0.14 && u < 0.4 + step * 0.14 && v > 0.62 + step * 0.06 && v < 0.86),
};

function icon(size, mark = 'none') {
  const rows = [];
  const r = size * 0.46;
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inside = (x - c) ** 2 + (y - c) ** 2 <= r * r;
      const sky = y < size * 0.58;
      const marked = inside && MARKS[mark](x / size, y / size);
      const [red, green, blue, alpha] = !inside
        ? [0, 0, 0, 0]
        : marked
          ? [255, 255, 255, 255]
          : sky
            ? [205, 236, 214, 255]
            : [30, 130, 76, 255];
      row.set([red, green, blue, alpha], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const icons = { 'en-US': 'none', green_horizons_plus: 'plus', travel_pack: 'plane', reduction_plan: 'steps' };
for (const [name, mark] of Object.entries(icons)) {
  writeFileSync(`skill-package/assets/images/${name}_smallIcon.png`, icon(108, mark));
  writeFileSync(`skill-package/assets/images/${name}_largeIcon.png`, icon(512, mark));
}
