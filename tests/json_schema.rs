//! docs/json.md is the schema: for every kind it documents, its example statement's JSON has
//! exactly the fields the table lists, with the listed types.

use ansatz::Session;
use ansatz::session::format::{error_json, to_json};
use serde_json::Value as Json;

struct Kind {
    name: String,
    example: String,
    fields: Vec<(String, String)>,
}

fn schema(doc: &str) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::new();
    for line in doc.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            kinds.push(Kind {
                name: name.trim().to_string(),
                example: String::new(),
                fields: Vec::new(),
            });
        } else if let (Some(k), Some(rest)) = (kinds.last_mut(), line.strip_prefix("Example: `")) {
            k.example = rest.trim_end_matches('`').to_string();
        } else if let Some(k) = kinds.last_mut()
            && line.starts_with("| ")
            && !line.starts_with("| field")
            && !line.starts_with("| ---")
        {
            let cells: Vec<&str> = line.split(" | ").collect();
            let field = cells[0].trim_start_matches("| ").trim().to_string();
            let ty = cells.get(1).map_or("", |t| t.trim()).replace("\\|", "|");
            k.fields.push((field, ty));
        }
    }
    kinds
}

fn has_type(v: &Json, ty: &str) -> bool {
    ty.split('|').any(|t| match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_u64() || v.is_i64(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => false,
    })
}

#[test]
fn every_documented_kind_matches_its_example() {
    let _ = std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target"));
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd");
    let doc = std::fs::read_to_string("docs/json.md").expect("docs/json.md");
    let kinds = schema(&doc);
    assert!(kinds.len() >= 11, "{} kinds", kinds.len());
    let mut failures = Vec::new();
    for kind in &kinds {
        let mut session = Session::new();
        let mut results = session.eval_line(&kind.example);
        assert_eq!(results.len(), 1, "{}", kind.example);
        let json = match results.remove(0) {
            Ok(o) => to_json(&o.input, &o.value),
            Err(e) => error_json(&e, &kind.example, 1),
        };
        let Some(object) = json.as_object() else {
            failures.push(format!("{}: not an object", kind.name));
            continue;
        };
        if object.get("kind").and_then(Json::as_str) != Some(kind.name.as_str()) {
            failures.push(format!("{}: kind is {:?}", kind.name, object.get("kind")));
        }
        for (field, value) in object {
            match kind.fields.iter().find(|(f, _)| f == field) {
                Some((_, ty)) if has_type(value, ty) => {}
                Some((_, ty)) => {
                    failures.push(format!("{}.{field}: {value} is not {ty}", kind.name))
                }
                None => failures.push(format!("{}.{field}: not documented", kind.name)),
            }
        }
        // Fields documented without "(only ...)" are always there.
        for (field, _) in &kind.fields {
            let conditional = doc
                .lines()
                .any(|l| l.starts_with(&format!("| {field} |")) && l.contains("(only"));
            if !conditional && !object.contains_key(field) {
                failures.push(format!("{}.{field}: documented but missing", kind.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
