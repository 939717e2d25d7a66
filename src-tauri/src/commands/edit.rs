//! Authoring: load for editing, live preview, safe saves (conflicts come back as code
//! `conflict`; the UI then loads the disk version to show both), copies, new documents from
//! templates, rename and status changes. Each command calls one `Kb` method.
use fieldguide_core::article::Status;
use fieldguide_core::assets;
use fieldguide_core::frontmatter::FrontMatterForm;
use fieldguide_core::kb::{EditDoc, Preview, RenameOutcome, SaveOutcome};
use fieldguide_core::templates::{Template, TEMPLATES};
use tauri::{AppHandle, State};

use crate::commands::team::commit_written;
use crate::error::CmdResult;
use crate::state::AppState;

/// A document's text, base hash and front-matter form.
#[tauri::command]
pub async fn edit_load(state: State<'_, AppState>, path: String) -> CmdResult<EditDoc> {
    Ok(state.kb()?.load_for_edit(&path)?)
}

/// Rendered preview and lint problems of unsaved text.
#[tauri::command]
pub async fn edit_preview(
    state: State<'_, AppState>,
    path: String,
    text: String,
) -> CmdResult<Preview> {
    Ok(state
        .kb()?
        .preview_with_images(&path, &text, assets::url_base_for_platform())?)
}

/// The text with its front matter changed to the form (minimal diff).
#[tauri::command]
pub async fn edit_apply_form(
    state: State<'_, AppState>,
    text: String,
    form: FrontMatterForm,
) -> CmdResult<String> {
    Ok(state.kb()?.apply_front_matter(&text, &form)?)
}

/// Saves if the disk still holds the version loaded (`base_hash`), else `conflict`.
#[tauri::command]
pub async fn edit_save(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    text: String,
    base_hash: String,
) -> CmdResult<SaveOutcome> {
    let out = state.kb()?.save_doc(&path, &text, &base_hash)?;
    if out.written {
        commit_written(
            &app,
            std::slice::from_ref(&out.path),
            &format!("fieldguide: edit {}", out.path),
        );
    }
    Ok(out)
}

/// Saves the text as a new conflict copy beside `path`; returns the new path.
#[tauri::command]
pub async fn edit_save_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    text: String,
) -> CmdResult<String> {
    let copy = state.kb()?.save_copy(&path, &text)?;
    commit_written(
        &app,
        std::slice::from_ref(&copy),
        &format!("fieldguide: save {copy} (a copy of {path})"),
    );
    Ok(copy)
}

/// The templates a new document can start from.
#[tauri::command]
pub async fn edit_templates() -> CmdResult<Vec<Template>> {
    Ok(TEMPLATES.to_vec())
}

/// Creates a document from a template (never over an existing file).
#[tauri::command]
pub async fn edit_create(
    app: AppHandle,
    state: State<'_, AppState>,
    template: String,
    path: String,
    form: FrontMatterForm,
) -> CmdResult<EditDoc> {
    let doc = state.kb()?.create_doc(&template, &path, &form)?;
    commit_written(
        &app,
        std::slice::from_ref(&doc.path),
        &format!("fieldguide: new {}", doc.path),
    );
    Ok(doc)
}

/// Moves a document (never over an existing file).
#[tauri::command]
pub async fn edit_rename(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<RenameOutcome> {
    let out = state.kb()?.rename_doc(&from, &to)?;
    commit_written(
        &app,
        &[from.clone(), out.path.clone()],
        &format!("fieldguide: rename {from} to {}", out.path),
    );
    Ok(out)
}

/// Sets draft / published / retired / review by a minimal front-matter edit.
#[tauri::command]
pub async fn edit_set_status(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    status: Status,
) -> CmdResult<SaveOutcome> {
    let out = state.kb()?.set_status(&path, status)?;
    if out.written {
        let verb = match status {
            Status::Retired => "retire",
            Status::Published => "publish",
            Status::Draft => "unpublish (draft)",
            Status::Review => "propose",
        };
        let suffix = if status == Status::Review {
            " for review"
        } else {
            ""
        };
        commit_written(
            &app,
            std::slice::from_ref(&out.path),
            &format!("fieldguide: {verb} {}{suffix}", out.path),
        );
    }
    Ok(out)
}
