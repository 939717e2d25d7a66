// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() {
    fieldguide_app::run(fieldguide_app::AppArgs::parse());
}
