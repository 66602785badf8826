//! Prioritizing through the real binary: RICE inputs checked with the field
//! named, MoSCoW shares in `po stats`, and `po split`.

mod cli_support;

use cli_support::{Sandbox, load};

#[test]
fn rice_options_are_checked_by_field_and_confidence_reads_as_a_percentage() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    sb.ok(&file, &["init", "--name", "Acme"]);
    let key = sb.ok(
        &file,
        &[
            "add",
            "Pay",
            "--reach",
            "800",
            "--impact",
            "2",
            "--confidence",
            "80%",
            "--effort",
            "2",
        ],
    );
    let key = key.trim();
    let rice = load(&file).stories[0].rice.clone().unwrap();
    assert_eq!(
        (rice.reach, rice.impact, rice.confidence, rice.effort),
        (800.0, 2.0, 0.8, 2.0)
    );
    let shown = sb.ok(&file, &["show", key]);
    assert!(shown.contains("= 640"), "{shown}");

    sb.ok(&file, &["edit", key, "--confidence", "50"]);
    assert_eq!(
        load(&file).stories[0].rice.as_ref().unwrap().confidence,
        0.5
    );

    for (flag, value, field) in [
        ("--impact", "1.5", "impact"),
        ("--effort", "0", "effort"),
        ("--reach", "-3", "reach"),
        ("--confidence", "120", "confidence"),
    ] {
        let err = sb.refused(&file, &["edit", key, flag, value]);
        assert!(
            err.contains(&format!("RICE {field}")),
            "{flag} {value}: {err}"
        );
        let err = sb.refused(&file, &["add", "x", flag, value]);
        assert!(
            err.contains(&format!("RICE {field}")),
            "add {flag} {value}: {err}"
        );
    }
}
