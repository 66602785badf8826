//! `po product`: the product's name and vision, shown or set.

use std::io::Write;

use serde_json::json;

use super::output;
use super::roadmap_args::ProductArgs;
use super::{Ctx, values};
use crate::model::Product;

/// Sets what is given, then prints the product; prints it alone without options.
pub fn run(ctx: &Ctx, a: &ProductArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let product = if a.name.is_none() && a.vision.is_none() {
        ctx.read()?.product.clone()
    } else {
        let (mut store, mut backlog) = ctx.write()?;
        let name = a
            .name
            .as_deref()
            .map(|n| values::text(n, "the product's name"))
            .transpose()?;
        let change = backlog.update_product(|p| {
            if let Some(name) = name {
                p.name = name;
            }
            if let Some(vision) = &a.vision {
                p.vision = vision.trim().to_string();
            }
        })?;
        if let Some(change) = change {
            ctx.save(&mut store, &backlog, &change)?;
        }
        backlog.product.clone()
    };
    if a.json {
        let Product { name, vision, .. } = &product;
        return output::json(out, &json!({ "name": name, "vision": vision }));
    }
    print(&product, out)
}

fn print(p: &Product, out: &mut impl Write) -> anyhow::Result<()> {
    let name = if p.name.is_empty() {
        "(no name: set one with `po product --name NAME`)"
    } else {
        &p.name
    };
    writeln!(out, "product: {}", output::line(name))?;
    if p.vision.is_empty() {
        writeln!(
            out,
            "vision: none yet (set it with `po product --vision TEXT`)"
        )?;
    } else {
        writeln!(out, "vision:")?;
        for line in p.vision.lines() {
            writeln!(out, "  {}", output::line(line))?;
        }
    }
    Ok(())
}
