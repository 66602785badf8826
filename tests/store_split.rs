//! The two-core parse of a file's stories (`store::parse` on large files)
//! against the one-core parse: the same backlog and the same bytes when
//! saved again, for the fixture, the sample and random backlogs; and on a
//! broken file it leaves the message to the one-core parse, word for word.

mod store_support;

use std::path::Path;
use std::sync::Arc;

use po::model::Backlog;
use po::store::{self, StoreError};
use store_support::broken::{broken_files, sample_file};
use store_support::{fixture_text, random};

const PATH: &str = "/t/backlog.json";

/// The file read on one core, as before the split existed.
fn one_core(bytes: &[u8]) -> Result<Backlog, StoreError> {
    store::parse_splitting_from(Path::new(PATH), bytes, usize::MAX)
}

/// The file read with the split tried whatever its size.
fn two_cores(bytes: &[u8]) -> Result<Backlog, StoreError> {
    store::parse_splitting_from(Path::new(PATH), bytes, 0)
}

/// The split is taken, and gives what one core gives, which saves as the same bytes.
fn assert_split_reads_the_same(bytes: &[u8]) {
    let split = store::parse_split(bytes).unwrap_or_else(|| {
        let text = String::from_utf8_lossy(bytes);
        panic!(
            "not split: {} bytes, {:?}",
            bytes.len(),
            &text[..text.len().min(3000)]
        )
    });
    let one = one_core(bytes).unwrap();
    assert_eq!(split, one);
    assert_eq!(two_cores(bytes).unwrap(), one);
    assert_eq!(store::encode(&split).unwrap(), store::encode(&one).unwrap());
}

#[test]
fn the_sample_reads_the_same_on_two_cores_and_saves_the_same_bytes() {
    for n in [2, 3, 101, 3000] {
        let bytes = sample_file(n);
        assert_split_reads_the_same(&bytes);
        assert_eq!(store::encode(&two_cores(&bytes).unwrap()).unwrap(), bytes);
    }
    // A file large enough is split by the plain parse too.
    let bytes = sample_file(3000);
    assert!(bytes.len() > 1 << 20);
    assert_eq!(
        store::parse(Path::new(PATH), &bytes).unwrap(),
        one_core(&bytes).unwrap()
    );
}

#[test]
fn the_fixture_with_unknown_fields_everywhere_reads_the_same_on_two_cores() {
    assert_split_reads_the_same(fixture_text().as_bytes());
    // With a byte order mark, as some editors write.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(fixture_text().as_bytes());
    assert_split_reads_the_same(&bom);
}

#[test]
fn nesting_near_serde_json_s_limit_gives_what_one_core_gives() {
    // A story parsed on its own sits three levels higher than in the file:
    // at 126 levels the file is refused, at 90 read, on either path alike.
    for (levels, opens) in [(90, true), (126, false)] {
        let nested = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        let text = fixture_text().replacen(
            "\"x_story\": {",
            &format!("\"x_story\": {nested}, \"was\": {{"),
            1,
        );
        assert!(text.contains(&nested));
        match one_core(text.as_bytes()) {
            Ok(one) => {
                assert!(opens, "{levels} levels opened");
                assert_eq!(two_cores(text.as_bytes()).unwrap(), one);
            }
            Err(e) => {
                assert!(!opens, "{levels} levels: {e}");
                assert!(e.to_string().contains("recursion limit"), "{e}");
                assert_eq!(store::parse_split(text.as_bytes()), None);
                assert_eq!(
                    two_cores(text.as_bytes()).unwrap_err().to_string(),
                    e.to_string()
                );
            }
        }
    }
}

#[test]
fn a_broken_file_gets_the_one_core_message_word_for_word() {
    for (what, bytes) in broken_files() {
        let one = one_core(&bytes).map(|_| ()).map_err(|e| e.to_string());
        let two = two_cores(&bytes).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(two, one, "{what}");
        let plain = store::parse(Path::new(PATH), &bytes).map(|_| ());
        assert_eq!(plain.map_err(|e| e.to_string()), one, "{what}");
        // Only a wrong format is a well-formed file, refused after the parse.
        if what != "format" {
            assert!(one.is_err(), "{what} opened");
            assert_eq!(store::parse_split(&bytes), None, "{what}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn a_random_backlog_reads_the_same_on_two_cores(
        backlog in random::backlog(),
        more in proptest::collection::vec(random::story(), 2..8),
    ) {
        let mut backlog = backlog;
        backlog.stories.extend(more.into_iter().map(Arc::new));
        // Only a number the file cannot hold is refused by the encoder.
        if let Ok(bytes) = store::encode(&backlog) {
            let split = store::parse_split(&bytes);
            proptest::prop_assert!(split.is_some(), "not split");
            let one = one_core(&bytes).unwrap();
            proptest::prop_assert_eq!(split.as_ref(), Some(&one));
            proptest::prop_assert!(store::encode(&one).unwrap() == bytes);
        }
    }
}
