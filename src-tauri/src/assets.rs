//! The `fgasset` URI scheme: images of the open KB for the reader (`fgasset://localhost/<path>`
//! on Linux/macOS, `http://fgasset.localhost/<path>` on Windows). Thin: every check — decoding,
//! `..`/absolute/NUL refusal, symlink confinement to the canonical KB root, image extensions,
//! size cap — is `fieldguide_core::assets::read`; this adds the HTTP response around it.
use fieldguide_core::assets;
use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state_of;

/// The scheme name registered on the builder.
pub const SCHEME: &str = assets::SCHEME;

/// What every response carries: never sniffed into something else, and inert if it were ever
/// shown as a document (no script, no subresource).
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The protocol handler: answers off the main thread (an image may be up to 20 MB).
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let from_main = ctx.webview_label() == "main";
    tauri::async_runtime::spawn_blocking(move || {
        let host_ok = matches!(
            request.uri().host(),
            Some("localhost") | Some("fgasset.localhost")
        );
        let method_ok = request.method() == Method::GET || request.method() == Method::HEAD;
        let result = if !(from_main && host_ok && method_ok) {
            Err(StatusCode::FORBIDDEN)
        } else {
            match state_of(&app).kb() {
                // Only the KB currently open, from its own folder.
                Ok(kb) => assets::read(kb.root(), request.uri().path())
                    .map_err(|e| StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN)),
                Err(_) => Err(StatusCode::NOT_FOUND),
            }
        };
        responder.respond(response(result, request.method() == Method::HEAD));
    });
}

fn response(result: Result<assets::Asset, StatusCode>, head: bool) -> Response<Vec<u8>> {
    let builder = Response::builder()
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, CSP)
        .header(header::CACHE_CONTROL, "no-cache");
    let built = match result {
        Ok(asset) => builder
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, asset.content_type)
            .body(if head { Vec::new() } else { asset.bytes }),
        Err(status) => builder
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Vec::new()),
    };
    built.unwrap_or_else(|_| {
        let mut r = Response::new(Vec::new());
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_carry_type_nosniff_and_csp() {
        let ok = response(
            Ok(assets::Asset {
                bytes: vec![1, 2, 3],
                content_type: "image/png",
            }),
            false,
        );
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(ok.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(ok.headers()[header::CONTENT_SECURITY_POLICY], CSP);
        assert_eq!(ok.body(), &vec![1, 2, 3]);
        let denied = response(Err(StatusCode::FORBIDDEN), false);
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
        assert!(denied.body().is_empty());
        assert_eq!(denied.headers()[header::CONTENT_SECURITY_POLICY], CSP);
    }
}
