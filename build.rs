//! With the `split` feature, the widget's wasm keeps the linker's relocations: wasm-split-cli needs
//! them to cut the module at its split points (scripts/finish-wasm.mjs).
fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=wink-widget=--emit-relocs");
    }
}
