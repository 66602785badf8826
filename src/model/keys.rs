//! Keys such as `S-12`, `E-3`, `SP-2`, `R-7`: a prefix and a number that is never reused.

/// Prefix of story keys.
pub const STORY: &str = "S";
/// Prefix of epic keys.
pub const EPIC: &str = "E";
/// Prefix of sprint keys.
pub const SPRINT: &str = "SP";
/// Prefix of request keys.
pub const REQUEST: &str = "R";

/// The number of a key: `S-12` → 12.
pub fn number(key: &str) -> Option<u64> {
    let (_, n) = key.rsplit_once('-')?;
    n.parse().ok()
}

/// What a user typed, as a key with the given prefix: `s-12`, `S-12` and `12` all give `S-12`.
pub fn normalize(input: &str, prefix: &str) -> String {
    let input = input.trim();
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{prefix}-{input}");
    }
    input.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_keys_are_normalized() {
        assert_eq!(normalize("12", STORY), "S-12");
        assert_eq!(normalize("s-12", STORY), "S-12");
        assert_eq!(normalize(" sp-2 ", SPRINT), "SP-2");
        assert_eq!(number("SP-2"), Some(2));
        assert_eq!(number("nonsense"), None);
    }
}
