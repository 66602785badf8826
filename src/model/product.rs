//! Editing the product itself: its name and vision.

use super::{Backlog, Change, ModelError, Product};

impl Backlog {
    /// Edits the product through a closure (name, vision). `None` when
    /// nothing changed. The name and vision may be empty: a new backlog
    /// has neither until the product owner writes them.
    pub fn update_product(
        &mut self,
        edit: impl FnOnce(&mut Product),
    ) -> Result<Option<Change>, ModelError> {
        let before = self.product.clone();
        let mut after = before.clone();
        edit(&mut after);
        if after == before {
            return Ok(None);
        }
        let change = Change::Product {
            before: Box::new(before),
            after: Box::new(after),
        };
        self.apply(&change)?;
        Ok(Some(change))
    }
}
