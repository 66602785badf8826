//! The full-screen terminal app.

use std::path::Path;

/// Opens the TUI on a backlog file and runs until the user quits.
pub fn run(path: &Path) -> anyhow::Result<()> {
    anyhow::bail!("the TUI is not built yet ({})", path.display())
}
