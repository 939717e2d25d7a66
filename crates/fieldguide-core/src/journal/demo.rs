//! Demo journal generator.
