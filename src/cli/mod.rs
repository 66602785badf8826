//! The `po` command line: one module per subcommand group, on top of model and store.
