//! The widget page's entry point: installs the panic hook and mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(smile_wink::app::App);
}

/// The widget's heap: a TLSF allocator (constant-time allocation and freeing, adjacent free blocks
/// and memory pools merged) whose code is about 1 KB gzip smaller than the standard library's
/// dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::GlobalTlsf = rlsf::GlobalTlsf::new();
