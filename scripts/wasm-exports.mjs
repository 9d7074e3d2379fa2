// Removes exports nothing uses from a wasm-bindgen build: the module's export entries (so wasm-opt can drop the
// code only they reach) and the glue's classes that wrap them.
const uleb = (bytes, at) => {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
};
const toUleb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
};

/** `bytes` (a wasm module) without the exports whose name `unused` accepts, and the names it removed. */
export function dropExports(bytes, unused) {
  const EXPORT_SECTION = 7;
  const out = [bytes.subarray(0, 8)];
  const dropped = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = uleb(bytes, at + 1);
    const end = start + size;
    if (id !== EXPORT_SECTION) {
      out.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    let [count, i] = uleb(bytes, start);
    const kept = [];
    for (let n = 0; n < count; n++) {
      const entry = i;
      let length;
      [length, i] = uleb(bytes, i);
      const name = Buffer.from(bytes.subarray(i, i + length)).toString('utf8');
      [, i] = uleb(bytes, i + length + 1); // the kind byte, then the index
      if (unused(name)) dropped.push(name);
      else kept.push(bytes.subarray(entry, i));
    }
    const body = Buffer.concat([toUleb(kept.length), ...kept]);
    out.push(Buffer.from([EXPORT_SECTION]), toUleb(body.length), body);
    at = end;
  }
  return { bytes: Buffer.concat(out), dropped };
}

/** wasm-bindgen's glue without the exported class `name`: its declaration, its dispose line and its finalizer. */
export function dropGlueClass(glue, name) {
  if (!/^\w+$/.test(name)) throw new Error(`wasm-exports: ${name} is not a class name`);
  const parts = [
    new RegExp(`export class ${name} \\{[\\s\\S]*?\\nif \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`),
    new RegExp(`const ${name}Finalization = [\\s\\S]*?\\);\\n`),
  ];
  let out = glue;
  for (const part of parts) {
    if (!part.test(out)) throw new Error(`wasm-exports: the glue's ${name} is not shaped as expected (${part})`);
    out = out.replace(part, '');
  }
  return out;
}
