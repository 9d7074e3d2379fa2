// Tidies what a wasm-bindgen build's module and its glue name each other by: removes exports nothing uses (the
// module's export entries, so wasm-opt can drop the code only they reach, and the glue's classes that wrap them),
// and gives short names to the imports and exports only the glue uses.
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

const readName = (bytes, at) => {
  const [length, start] = uleb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString('utf8'), start + length];
};
const nameBytes = (name) => {
  const utf8 = Buffer.from(name, 'utf8');
  return Buffer.concat([toUleb(utf8.length), utf8]);
};
// A short identifier for the n-th name: a..z, A..Z, then two characters and so on.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (n) => {
  let name = '';
  do {
    name = ALPHABET[n % ALPHABET.length] + name;
    n = Math.floor(n / ALPHABET.length) - 1;
  } while (n >= 0);
  return name;
};

const IMPORT_SECTION = 2, EXPORT_SECTION = 7;

/** `bytes` (a wasm module) with each section that `rewrite` has a function for (by section id) replaced by the body
 * that function returns, given the old body's start and end. */
function rewriteSections(bytes, rewrite) {
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = uleb(bytes, at + 1);
    const end = start + size;
    const body = rewrite[id]?.(start, end);
    out.push(body ? Buffer.concat([Buffer.from([id]), toUleb(body.length), body]) : bytes.subarray(at, end));
    at = end;
  }
  return Buffer.concat(out);
}

/**
 * `bytes` (a wasm module) with short names where only the glue uses the long ones: each import from `module` (the
 * glue's functions, each named by wasm-bindgen with a 64-bit hash that no compression can shorten) and that module
 * itself (renamed `shortModule`), and each export whose name `glueOnly` accepts. `renamed` maps each old name to
 * its new one, for the glue; no two new names are the same.
 */
export function shortenNames(bytes, { module, shortModule, glueOnly }) {
  const renamed = new Map();
  const rename = (name) => {
    if (!renamed.has(name)) renamed.set(name, shortName(renamed.size));
    return renamed.get(name);
  };
  const entries = (start, entry) => {
    let [count, i] = uleb(bytes, start);
    const out = [toUleb(count)];
    for (let n = 0; n < count; n++) i = entry(i, out);
    return Buffer.concat(out);
  };
  const imports = (start) => entries(start, (i, out) => {
    let from, name;
    [from, i] = readName(bytes, i);
    [name, i] = readName(bytes, i);
    const ours = from === module;
    const end = skipImportDescriptor(bytes, i);
    out.push(nameBytes(ours ? shortModule : from), nameBytes(ours ? rename(name) : name), bytes.subarray(i, end));
    return end;
  });
  const exports = (start) => entries(start, (i, out) => {
    let name;
    [name, i] = readName(bytes, i);
    const [, end] = uleb(bytes, i + 1); // the kind byte, then the index
    out.push(nameBytes(glueOnly(name) ? rename(name) : name), bytes.subarray(i, end));
    return end;
  });
  const out = rewriteSections(bytes, { [IMPORT_SECTION]: imports, [EXPORT_SECTION]: exports });
  return { bytes: out, renamed };
}

// Past an import's kind and type: a function's type index, a table's, memory's or global's type, or a tag's.
function skipImportDescriptor(bytes, at) {
  const kind = bytes[at++];
  const limits = (i) => {
    const [flags, next] = uleb(bytes, i);
    let [, after] = uleb(bytes, next);
    if (flags & 1) [, after] = uleb(bytes, after);
    return after;
  };
  switch (kind) {
    case 0: return uleb(bytes, at)[1];
    case 1: return limits(at + 1);
    case 2: return limits(at);
    case 3: return at + 2;
    case 4: return uleb(bytes, at + 1)[1];
    default: throw new Error(`wasm-exports: unknown import kind ${kind}`);
  }
}

/** `glue` with every name in `renamed` (whole identifiers only) replaced by its new name; each must be there. */
export function renameInGlue(glue, renamed) {
  const seen = new Set();
  const out = glue.replace(/[A-Za-z_$][\w$]*/g, (word) => {
    if (!renamed.has(word)) return word;
    seen.add(word);
    return renamed.get(word);
  });
  const missing = [...renamed.keys()].filter((name) => !seen.has(name));
  if (missing.length) {
    throw new Error(`wasm-exports: the glue does not name ${missing[0]}, which the wasm imports or exports`);
  }
  return out;
}

/** `bytes` (a wasm module) without the exports whose name `unused` accepts, and the names it removed. */
export function dropExports(bytes, unused) {
  const dropped = [];
  const exports = (start) => {
    let [count, i] = uleb(bytes, start);
    const kept = [];
    for (let n = 0; n < count; n++) {
      const entry = i;
      let name;
      [name, i] = readName(bytes, i);
      [, i] = uleb(bytes, i + 1); // the kind byte, then the index
      if (unused(name)) dropped.push(name);
      else kept.push(bytes.subarray(entry, i));
    }
    return Buffer.concat([toUleb(kept.length), ...kept]);
  };
  return { bytes: rewriteSections(bytes, { [EXPORT_SECTION]: exports }), dropped };
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
