#!/usr/bin/env node
// Trunk's post_build step for release builds: makes the page's wasm and its glue from the module cargo linked.
//  1. wasm-split-cli cuts the module at its split points (the `split` feature: the screens only some users see,
//     src/app.rs), so the page loads the main part and fetches a part only when its screen is first shown;
//  2. wasm-bindgen writes the glue for the main part (keeping the exports the parts link to), less the exports
//     nothing uses, and the names between the two are shortened (scripts/wasm-exports.mjs);
//  3. wasm-opt -Oz shrinks every part (folding constants into memory offsets, without the toolchain's custom
//     sections), and terser the glue, the parts' loader and boot.js;
//  4. each file is named by the content hash of the whole set (the files name each other), trunk's unsplit
//     files are removed, and index.html's script tag and preload links (with their integrity) follow.
// Trunk's own wasm-bindgen and wasm-opt cannot run between the link and the glue, so index.html turns trunk's
// wasm-opt off and this does it. Debug builds (`make ui`) are left as trunk made them.
// Env (set by trunk): TRUNK_PROFILE, TRUNK_STAGING_DIR; CARGO_TARGET_DIR (the Makefile's, else ./target).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { dropExports, dropGlueClass, renameInGlue, shortenNames } from './wasm-exports.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'wink-widget';
// The profile index.html names in `data-cargo-profile`.
const PROFILE_DIR = 'wasm-release';
// The wasm features the Rust toolchain enables by default (the same as trunk passes to wasm-opt).
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types'];

// server_fn, which Leptos links, exports wasm-streams' adapters for streamed request bodies. The widget calls no
// server functions, so these classes and their exports go, and wasm-opt drops the code that only they reach.
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const UNUSED_EXPORT = new RegExp(`^(__wbg_)?(${UNUSED_CLASSES.map((c) => c.toLowerCase()).join('|')})_`);

// The module wasm-bindgen's glue gives the wasm its imports as, and the short name it is given instead.
const GLUE_MODULE = `./${NAME}_bg.js`;
const IMPORTS = 'w';
// Exports that only the glue calls: its closures' entry points, allocation and the externref table. The parts'
// loader takes others by name (memory, the function table, shared code), and so do the parts.
const GLUE_ONLY_EXPORT = /^(wasm_bindgen__convert__closures_|__wbindgen_|__externref_)/;

const run = (cmd, args) => {
  const done = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (done.error || done.status !== 0) {
    throw new Error(`finish-wasm: ${cmd} ${args.join(' ')} failed${done.error ? `: ${done.error.message}` : ''}`);
  }
};
const replaceAll = (text, pairs) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

export async function finish({ staging, targetDir }) {
  const linked = join(targetDir, 'wasm32-unknown-unknown', PROFILE_DIR, `${NAME}.wasm`);
  const work = mkdtempSync(join(tmpdir(), 'finish-wasm-'));
  try {
    // Only a module linked with its relocations (the `split` feature) can be cut; without, it stays whole.
    const cuttable = readFileSync(linked).includes(Buffer.from('\x07linking', 'latin1'));
    if (cuttable) run('wasm-split-cli', ['--target', 'web', '--out-name', NAME, linked, join(work, 'split')]);
    // A part per split point (split_<name>.wasm), and chunks of code that several parts share (chunk_<n>.wasm),
    // which the loader fetches beside each part that needs them.
    const parts = cuttable ? readdirSync(join(work, 'split')).filter((f) => /^(split|chunk)_.+\.wasm$/.test(f)) : [];
    run('wasm-bindgen', ['--target', 'web', ...(parts.length ? ['--keep-lld-exports'] : []),
      '--out-dir', join(work, 'glue'), '--out-name', NAME, cuttable ? join(work, 'split', `${NAME}.wasm`) : linked]);
    // The toolchain's custom sections (who produced the module, the features it was built for) are read by tools,
    // never by the browser. `--low-memory-unused` lets wasm-opt fold constant additions into load and store
    // offsets (about 660 bytes gzip): that changes only an address whose sum wrapped past 4 GiB into the lowest KiB,
    // which the widget never uses (its data is above the 1 MiB stack, and no stack gets 1,023 KiB deep).
    const optimise = (from, to) =>
      run('wasm-opt', ['--low-memory-unused', '-Oz', ...WASM_FEATURES, '--strip-producers', '--strip-target-features',
        from, '-o', to]);
    const bound = join(work, 'glue', `${NAME}_bg.wasm`);
    const { bytes: used, dropped } = dropExports(readFileSync(bound), (name) => UNUSED_EXPORT.test(name));
    let glueSource = readFileSync(join(work, 'glue', `${NAME}.js`), 'utf8');
    const calledByGlue = new Set([...glueSource.matchAll(/\bwasm\.([\w$]+)/g)].map((m) => m[1]));
    // The glue's functions come in as imports of one module: that module is named IMPORTS and each function a
    // letter or two instead of wasm-bindgen's hashed names, in the wasm and in the glue alike; so are the exports
    // only the glue calls.
    const glueOnly = (name) => GLUE_ONLY_EXPORT.test(name) && calledByGlue.has(name);
    const { bytes: short, renamed } = shortenNames(used, { module: GLUE_MODULE, shortModule: IMPORTS, glueOnly });
    writeFileSync(bound, short);
    optimise(bound, join(work, 'main.wasm'));
    if (dropped.length) glueSource = UNUSED_CLASSES.reduce(dropGlueClass, glueSource);
    const moduleKey = JSON.stringify(GLUE_MODULE);
    if (!glueSource.includes(moduleKey)) throw new Error(`finish-wasm: the glue names no module ${moduleKey}`);
    glueSource = renameInGlue(glueSource, renamed).split(moduleKey).join(JSON.stringify(IMPORTS));
    if (/intounderlying/i.test(glueSource)) throw new Error('finish-wasm: the glue still names a dropped export');
    for (const part of parts) optimise(join(work, 'split', part), join(work, part));

    const mini = async (code) => (await minify(code, { module: true, ecma: 2020 })).code;
    const files = {
      main: readFileSync(join(work, 'main.wasm')),
      glue: await mini(glueSource),
      loader: parts.length ? await mini(readFileSync(join(work, 'split', '__wasm_split.js'), 'utf8')) : null,
      parts: parts.map((p) => [p, readFileSync(join(work, p))]),
    };
    const hash = createHash('sha256');
    for (const bytes of [files.main, files.glue, files.loader ?? '', ...files.parts.map(([, b]) => b)]) hash.update(bytes);
    const h = hash.digest('hex').slice(0, 16);
    const names = {
      glue: `${NAME}-${h}.js`,
      main: `${NAME}-${h}_bg.wasm`,
      loader: `${NAME}-split-${h}.js`,
      part: (p) => `${NAME}-${p.replace(/^split_|\.wasm$/g, '').replace(/^chunk_/, 'shared')}-${h}_bg.wasm`,
    };
    // The glue imports the loader; the loader imports the glue and fetches the parts, all beside each other.
    // Only the glue's import statements name the loader's file: the wasm's imports keep their module name.
    const glue = replaceAll(files.glue.replace(/(from\s*["'])\.\/__wasm_split\.js(["'])/g, `$1./${names.loader}$2`),
      [[`${NAME}_bg.wasm`, names.main]]);
    const loader = files.loader && replaceAll(files.loader, [[`./${NAME}.js`, `./${names.glue}`],
      ...parts.map((p) => [`./${p}`, `./${names.part(p)}`])]);

    // Trunk's files (from the unsplit module) go; the page names the new ones.
    const old = readdirSync(staging).filter((f) => f.startsWith(`${NAME}-`) && /(\.js|_bg\.wasm)$/.test(f));
    const oldGlue = old.find((f) => f.endsWith('.js'));
    const oldMain = old.find((f) => f.endsWith('_bg.wasm'));
    if (!oldGlue || !oldMain) throw new Error(`finish-wasm: no ${NAME} glue and wasm from trunk in ${staging}`);
    for (const f of old) rmSync(join(staging, f));
    writeFileSync(join(staging, names.glue), glue);
    writeFileSync(join(staging, names.main), files.main);
    if (loader) writeFileSync(join(staging, names.loader), loader);
    for (const [p, bytes] of files.parts) writeFileSync(join(staging, names.part(p)), bytes);

    // boot.js is copied as written (its comments are for readers); the page gets it minified.
    const boot = join(staging, 'boot.js');
    writeFileSync(boot, await mini(readFileSync(boot, 'utf8')));

    const page = join(staging, 'index.html');
    let html = readFileSync(page, 'utf8');
    // Trunk's preload links carry integrity for its files; these are the new files' own.
    html = html.replace(/<link[^>]*\bhref=["']?\.\/[^\s>"']*(?:\.js|_bg\.wasm)["']?[^>]*>/g, '');
    const preloads = [
      `<link crossorigin href=./${names.glue} integrity=${sri(glue)} rel=modulepreload>`,
      ...(loader ? [`<link crossorigin href=./${names.loader} integrity=${sri(loader)} rel=modulepreload>`] : []),
      `<link as=fetch crossorigin href=./${names.main} integrity=${sri(files.main)} rel=preload type=application/wasm>`,
    ];
    html = replaceAll(html, [[oldGlue, names.glue], [oldMain, names.main], ['</head>', `${preloads.join('')}</head>`]]);
    writeFileSync(page, html);
    return { main: files.main.length, parts: files.parts.map(([p, b]) => [names.part(p), b.length]) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!staging) throw new Error('finish-wasm: run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  const out = await finish({ staging, targetDir: process.env.CARGO_TARGET_DIR || join(ROOT, 'target') });
  console.log(`finish-wasm: main ${out.main} bytes${out.parts.map(([n, b]) => `, ${n} ${b} bytes`).join('')}`);
}
