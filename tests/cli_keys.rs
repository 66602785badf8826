//! The command line on keys and file integrity: sample size limits, key
//! counters, duplicate keys and their repair, one-line fields.

mod cli_support;

use cli_support::Sandbox;

#[test]
fn init_refuses_a_sample_above_the_maximum_size() {
    let sb = Sandbox::new();
    let file = sb.path("b.json");
    let file_arg = file.to_str().expect("UTF-8 temp path");
    for n in ["1000001", &usize::MAX.to_string()] {
        let run = sb.run(&["--file", file_arg, "init", "--sample", "--stories", n]);
        run.assert_refused(&format!("init --stories {n}"));
        assert!(
            run.stderr.contains("at most 1000000 stories") && run.stderr.contains(n),
            "{}",
            run.stderr
        );
        assert!(!file.exists(), "a refused init created {}", file.display());
    }
}
