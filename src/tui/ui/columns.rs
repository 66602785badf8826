//! Column widths measured from what the visible rows hold, so that narrow
//! terminals give the room to titles instead of to fixed, mostly empty
//! rank and key columns, and a 10,000-point estimate is not cut.

use crate::text;

/// Cells the widest of `texts` needs, kept within `min..=max`.
pub fn widest<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, min: u16, max: u16) -> u16 {
    texts
        .into_iter()
        .map(|t| u16::try_from(text::width(t.as_ref())).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0)
        .clamp(min, max.max(min))
}

#[cfg(test)]
mod tests {
    use super::widest;

    #[test]
    fn the_widest_text_sets_the_width_within_its_bounds() {
        assert_eq!(widest(["S-4", "S-1234"], 3, 10), 6);
        assert_eq!(widest(["1"], 3, 10), 3);
        assert_eq!(widest(["S-123456789012"], 3, 10), 10);
        assert_eq!(widest(Vec::<String>::new(), 3, 10), 3);
        assert_eq!(widest(["中文"], 1, 10), 4);
    }
}
