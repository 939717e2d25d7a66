//! WebKitGTK settings for a small, single-page app, applied to the main window's webview at
//! start. They lower the memory of the web process tree (measured with
//! `crates/fieldguide-bench/scripts/desktop-bench.py`, docs/benchmarks.md "Desktop figures"):
//!
//! - no accelerated compositing (hardware acceleration policy "never"): the web process then
//!   paints on the CPU and keeps no GL compositing buffers and layer textures, about 80 MB of
//!   the web process at idle under Mesa. A text UI of lists and prose needs no GPU layers;
//! - cache model "document viewer": the smallest in-memory resource caches (the UI is a
//!   handful of local files; documents come over IPC);
//! - no back/forward page cache (wry turns it on; the app is one page with hash routes);
//! - WebGL and Web Audio off (wry turns them on; the UI uses neither: charts are 2D canvas).
//!
//! `WEBKIT_DISABLE_COMPOSITING_MODE=0` in the environment keeps accelerated compositing.
//!
//! Tried and *not* applied (plain launch on officedocs-support, PSS of the whole tree ≈ 298 MB,
//! 254 MB on an empty KB; per-mapping `/proc/<pid>/smaps`, 2026-11-23):
//!
//! - `WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`, `WEBKIT_DISABLE_DMABUF_RENDERER=1`: no change (±2 MB):
//!   without compositing nothing is drawn with GL already;
//! - `GDK_GL=disable`: GTK stops loading GLX in the app process, but WebKit's UI process still
//!   initialises EGL, so Mesa (llvmpipe, libLLVM: ≈ 20 MB PSS in the app and in the web process)
//!   stays; no measurable change in memory or start-up;
//! - no EGL at all (`__EGL_VENDOR_LIBRARY_FILENAMES` pointing nowhere): the web process aborts
//!   ("Could not create default EGL display"). With `GDK_GL=disable` as well, the app process
//!   alone would drop Mesa (−27 MB PSS), but WebKit initialises EGL in the UI process and spawns
//!   the web process with the same environment inside one `webkit_web_view_load_uri` call, so
//!   there is no moment to give the two processes different settings (2026-12-04);
//! - `GALLIUM_DRIVER=softpipe` (Mesa without the LLVM JIT): no change — libLLVM's PSS is its
//!   relocated data, paid as soon as the driver is loaded;
//! - `JSC_useJIT=false`: −8 MB in the web process, for interpreting all of the UI's script;
//!   `JSC_forceRAMSize` (a smaller GC heap target): no decrease;
//! - memory-pressure settings for web processes are a construct-only property of the
//!   `WebKitWebContext`, which wry creates: not reachable from here (and they only make WebKit
//!   drop caches above a limit, not shrink the libraries that make up most of the floor).
use tauri::{Runtime, WebviewWindow};

/// WebKitGTK's own switch for compositing; read when the web process starts, so it is set
/// before any webview exists (and inherited by the web process).
const NO_COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Called first thing in `run()`, while the process has a single thread: turns accelerated
/// compositing off unless the environment already says what to do. Setting it this early
/// saves ~8 MB more than the webview setting alone (the web process never enters
/// compositing mode).
pub fn prepare_process() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(NO_COMPOSITING_ENV).is_none() {
        std::env::set_var(NO_COMPOSITING_ENV, "1");
    }
}

/// Applies the settings to `window`'s webview (Linux only; elsewhere nothing to do).
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let compositing = std::env::var(NO_COMPOSITING_ENV).is_ok_and(|v| v == "0");
        let _ = window.with_webview(move |webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            if let Some(settings) = WebViewExt::settings(&view) {
                if !compositing {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
                settings.set_enable_page_cache(false);
                settings.set_enable_webgl(false);
                settings.set_enable_webaudio(false);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
