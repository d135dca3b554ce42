//! The README's Limits table lists every constant of `src/limits.rs` with its value as
//! written there, so the documented limits cannot drift from the code.

#[test]
fn the_readme_lists_every_limit_with_its_value() {
    let source = include_str!("../src/limits.rs");
    let readme = include_str!("../README.md");
    let mut missing = Vec::new();
    let mut count = 0;
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("pub const ") else {
            continue;
        };
        let (name, rest) = rest.split_once(':').expect("a typed constant");
        let value = rest
            .split_once('=')
            .expect("a value")
            .1
            .trim()
            .trim_end_matches(';');
        count += 1;
        let row = format!("| `{name}` | `{value}` |");
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(count >= 30, "only {count} limits found");
    assert!(
        missing.is_empty(),
        "README Limits rows missing or stale:\n{}",
        missing.join("\n")
    );
}
